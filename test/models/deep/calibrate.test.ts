import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { NO_OPINION_SLOPE, type Platt } from '../../../src/models/calibration';
import { initBackend } from '../../../src/models/deep/backend';
import { DeepSequenceModel } from '../../../src/models/deep/model';
import { readManifest } from '../../../src/models/registry';
import { assertClose, tempDir } from '../../helpers';
import { ar1Fixture } from './data';

const { train, val, base } = ar1Fixture();

test.before(async () => {
  await initBackend({ backend: 'wasm', log: () => undefined });
});

test('lstm: binary P(up) Platt-calibrated on the validation rows and saved with the model; "none" keeps softmax', async () => {
  const raw = await new DeepSequenceModel('lstm', { ...base, calibration: 'none' }).fit(train, { validation: val });
  const cal = await new DeepSequenceModel('lstm', base).fit(train, { validation: val });
  const pr = Array.from(await raw.predictProba(val));
  const pc = await cal.predictProba(val);
  assert.not.equal(Array.from(pc), pr);
  for (let i = 0; i < pc.length; i += 2) assertClose(pc[i] + pc[i + 1], 1, 1e-6);
  const pred = await cal.predict(val);
  for (let i = 0; i < pred.length; i++) assert.is(pred[i], pc[2 * i + 1] > pc[2 * i] ? 1 : 0);
  const dir = path.join(tempDir(), 'm');
  await cal.save(dir);
  const platts = (readManifest(dir).state as { platts: Record<string, Platt> }).platts;
  assert.ok(platts.y.a > 0 && platts.y.a <= 1, JSON.stringify(platts));
  const back = await DeepSequenceModel.load(dir, readManifest(dir));
  assert.equal(Array.from(await back.predictProba(val)), Array.from(pc));
  // 190 validation rows whose labels span 30 rows: ~6 independent labels → no opinion (P ≈ 0.5)
  const thin = await new DeepSequenceModel('lstm', base).fit(train, { validation: val, labelSpan: 30 });
  for (const p of await thin.predictProba(val)) assert.ok(Math.abs(p - 0.5) < 0.01, `P ${p}`);
  for (const m of [raw, cal, back, thin]) m.dispose();
});

test('unified: each head is calibrated against its own horizon (h30 on 190 rows: no opinion; h1: a real map)', async () => {
  const m = await new DeepSequenceModel('unified', base).fit(train, { validation: val, labelSpan: 30 });
  const dir = path.join(tempDir(), 'u');
  await m.save(dir);
  const platts = (readManifest(dir).state as { platts: Record<string, Platt> }).platts;
  assert.equal(Object.keys(platts).sort(), ['h1', 'h30', 'h7']);
  assert.is(platts.h30.a, NO_OPINION_SLOPE);
  assert.is(platts.h7.a, NO_OPINION_SLOPE);
  assert.ok(platts.h1.a !== NO_OPINION_SLOPE, JSON.stringify(platts.h1));
  m.dispose();
});

test.run();
