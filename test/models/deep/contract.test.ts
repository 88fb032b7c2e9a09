import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initBackend } from '../../../src/models/deep/backend';
import { DEEP_MODEL_KEYS, deepLayers } from '../../../src/models/deep/index';
import { modelKeys } from '../../../src/models/registry';
import { ar1Returns, garchReturns } from '../../../src/data/synthetic';
import { checkModelContract } from '../contract';
import { returnWindows, sliceRows } from './data';

// Tiny nets on tiny data: this checks the plumbing (fit → predict → save → load → identical → finetune).
const small: Record<string, Record<string, unknown>> = {
  lstm: { units: 8 },
  lstm_vol: { units: 8 },
  lstm_cnn: { units: 8, convFilters: 8 },
  lstm_transformer_cnn: { units: 8, convFilters: 8, attentionHeads: 2, ffDim: 16 },
  unified: { units: 8 },
};
const common = { epochs: 2, batchSize: 32, patience: 0 };

const dir = returnWindows(ar1Returns({ n: 260, seed: 11 }), { steps: 6, features: 3 });
const train = sliceRows(dir, 0, 180);
const testSet = sliceRows(dir, 180, dir.shape[0]);

/** Volatility data: windows of |returns|, target = realized volatility of the next 5 days. */
function volData() {
  const { bars } = garchReturns({ n: 260, seed: 12 });
  const d = returnWindows(bars, { steps: 6, features: 1 });
  const c = bars.close;
  const n = d.shape[0];
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = 6 + i;
    let s = 0;
    let k = 0;
    for (let j = t + 1; j <= Math.min(c.length - 1, t + 5); j++, k++) s += Math.log(c[j] / c[j - 1]) ** 2;
    y[i] = k > 0 ? Math.sqrt(s / k) : NaN;
  }
  return { ...d, y, targets: undefined };
}

test('every deep family is registered', () => {
  for (const k of ['lstm', 'lstm_vol', 'lstm_cnn', 'lstm_transformer_cnn', 'unified']) assert.ok(modelKeys().includes(k), k);
  assert.equal([...DEEP_MODEL_KEYS].sort(), ['lstm', 'lstm_cnn', 'lstm_transformer_cnn', 'lstm_vol', 'unified']);
  assert.type(deepLayers.lstmLayer, 'function', 'building blocks are exported as the deepLayers namespace');
});

for (const backend of ['wasm', 'cpu'] as const) {
  for (const key of Object.keys(small)) {
    test(`${key} passes the model contract on ${backend}`, async () => {
      await initBackend({ backend, log: () => undefined });
      const vol = key === 'lstm_vol' ? volData() : undefined;
      const tr = vol ? sliceRows(vol, 0, 180) : train;
      const te = vol ? sliceRows(vol, 180, vol.shape[0]) : testSet;
      const pred = await checkModelContract({ key, params: { ...small[key], ...common }, train: tr, test: te, finetuneEpochs: 1 });
      if (key === 'lstm_vol') assert.ok(pred.every((v) => v > 0), 'volatility predictions are positive');
    });
  }
}

test.after(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test.run();
