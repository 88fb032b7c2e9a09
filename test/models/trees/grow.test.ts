import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../src/util/rng';
import { binMatrix, fitBins } from '../../../src/models/trees/binning';
import { growTree, type GrowParams } from '../../../src/models/trees/grow';
import { buildGradHist, Scratch } from '../../../src/models/trees/histogram';
import { makeClassification } from '../../../src/models/trees/synthetic';
import type { Tree } from '../../../src/models/trees/tree';

const d = makeClassification({ n: 800, features: 6, informative: 3, missing: 0.05, seed: 41 });
const n = 800;
const mapper = fitBins(d.x, n, 6);
const bins = binMatrix(mapper, d.x, n);
const gh = new Float64Array(2 * n);
for (let i = 0; i < n; i++) {
  gh[2 * i] = 0.5 - (d.y as Float32Array)[i];
  gh[2 * i + 1] = 0.25;
}
const feats = Int32Array.from([0, 1, 2, 3, 4, 5]);

function grow(g: Partial<GrowParams>): Tree {
  const rows = new Int32Array(n).map((_, i) => i);
  return growTree({
    bins, n, mapper, rows, m: n, treeFeatures: feats, rng: new Rng(1), scratch: new Scratch(),
    grow: { growPolicy: 'depthwise', maxDepth: 0, maxLeaves: 0, featuresPerNode: 0, ...g },
    crit: { kind: 'grad', gh, lambda: 1, minChildWeight: 1, gamma: 0, leafScale: 1 },
  }).tree;
}
const leaves = (t: Tree): number => Array.from(t.feature).filter((f) => f < 0).length;

test('depth-wise and unlimited leaf-wise growth build the same tree at the same depth', () => {
  const a = grow({ maxDepth: 3 });
  const b = grow({ maxDepth: 3, growPolicy: 'leafwise' });
  assert.is(leaves(a), leaves(b));
  assert.equal(Array.from(a.feature).sort(), Array.from(b.feature).sort());
  assert.equal(Array.from(a.gain).sort(), Array.from(b.gain).sort());
});

test('leaf-wise growth stops at maxLeaves and spends its splits where the gain is largest', () => {
  const t = grow({ growPolicy: 'leafwise', maxLeaves: 5 });
  assert.is(leaves(t), 5);
  const depthwise = grow({ maxDepth: 2 });
  // the 4-leaf depth-wise tree's smallest split gain is no larger than any gain the leaf-wise tree kept
  const lw = Array.from(t.gain).filter((g) => g > 0).sort((x, y) => y - x);
  const dw = Array.from(depthwise.gain).filter((g) => g > 0).sort((x, y) => y - x);
  assert.is(lw[0], dw[0]);
  assert.ok(lw[3] >= dw[2], `leaf-wise 4th gain ${lw[3]} vs depth-wise 3rd ${dw[2]}`);
});

test('histogram subtraction: parent minus one child equals the other child built directly', () => {
  const rows = new Int32Array(n).map((_, i) => i);
  const size = mapper.totalSlots * 2;
  const parent = new Float64Array(size);
  const left = new Float64Array(size);
  const right = new Float64Array(size);
  const s = new Scratch();
  buildGradHist(bins, n, rows, 0, n, gh, feats, 6, mapper, parent, s, true);
  buildGradHist(bins, n, rows, 0, 300, gh, feats, 6, mapper, left, s, true);
  buildGradHist(bins, n, rows, 300, n, gh, feats, 6, mapper, right, s, true);
  for (let j = 0; j < size; j++) assert.ok(Math.abs(parent[j] - left[j] - right[j]) < 1e-9, `slot ${j}`);
});

test('the root histogram sums to the node totals in every feature (NaN bin included)', () => {
  const rows = new Int32Array(n).map((_, i) => i);
  const h = new Float64Array(mapper.totalSlots * 2);
  buildGradHist(bins, n, rows, 0, n, gh, feats, 6, mapper, h, new Scratch(), true);
  let G = 0;
  for (let i = 0; i < n; i++) G += gh[2 * i];
  for (let f = 0; f < 6; f++) {
    let g = 0;
    let hs = 0;
    for (let b = 0; b <= mapper.nBins[f]; b++) {
      g += h[(mapper.offset[f] + b) * 2];
      hs += h[(mapper.offset[f] + b) * 2 + 1];
    }
    assert.ok(Math.abs(g - G) < 1e-9);
    assert.ok(Math.abs(hs - 0.25 * n) < 1e-9);
  }
});

test.run();
