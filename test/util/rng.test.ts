import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/util/rng';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const sa = Array.from({ length: 5 }, () => a.nextUint32());
  const sb = Array.from({ length: 5 }, () => b.nextUint32());
  const sc = Array.from({ length: 5 }, () => c.nextUint32());
  assert.equal(sa, sb);
  assert.not.equal(sa, sc);
});

test('state() and fromState() continue the same stream', () => {
  const a = new Rng(3);
  for (let i = 0; i < 10; i++) a.next();
  const b = Rng.fromState(a.state());
  assert.equal(Array.from({ length: 5 }, () => a.next()), Array.from({ length: 5 }, () => b.next()));
});

test('uniform draws lie in [0,1) with mean near 0.5; normals have mean 0, variance 1', () => {
  const r = new Rng(1);
  let s = 0;
  let min = 1;
  let max = 0;
  const n = 100000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    s += u;
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  assert.ok(min >= 0 && max < 1);
  assert.ok(Math.abs(s / n - 0.5) < 0.005, `mean ${s / n}`);
  let m = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    m += z;
    v += z * z;
  }
  assert.ok(Math.abs(m / n) < 0.015, `normal mean ${m / n}`);
  assert.ok(Math.abs(v / n - 1) < 0.02, `normal variance ${v / n}`);
});

test('int(n) covers 0..n-1 only', () => {
  const r = new Rng(5);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(r.int(4));
  assert.equal([...seen].sort(), [0, 1, 2, 3]);
});

test.run();
