import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { activeBackend, ensureBackend, initBackend } from '../../../src/models/deep/backend';
import { rejects } from '../../helpers';

test('an explicit backend wins and is reported by activeBackend', async () => {
  const lines: string[] = [];
  assert.is(await initBackend({ backend: 'cpu', log: (l) => lines.push(l) }), 'cpu');
  assert.is(activeBackend(), 'cpu');
  assert.is(await ensureBackend(), 'cpu', 'ensureBackend keeps the chosen backend');
  assert.is(await initBackend({ backend: 'wasm', log: (l) => lines.push(l) }), 'wasm');
  assert.is(activeBackend(), 'wasm');
  assert.match(lines.join('\n'), /tfjs backend: wasm \(requested\)/);
});

test('WORKBENCH_BACKEND is used when no explicit choice is given', async () => {
  const before = process.env.WORKBENCH_BACKEND;
  process.env.WORKBENCH_BACKEND = 'cpu';
  try {
    assert.is(await initBackend({ log: () => undefined }), 'cpu');
    assert.is(await initBackend({ backend: 'auto', log: () => undefined }), 'cpu', "the config's `auto` defers to the environment");
  } finally {
    if (before === undefined) delete process.env.WORKBENCH_BACKEND;
    else process.env.WORKBENCH_BACKEND = before;
  }
  assert.is(await initBackend({ backend: 'wasm', log: () => undefined }), 'wasm');
});

test('an unknown backend name is an InputError naming the source', async () => {
  await rejects(() => initBackend({ backend: 'webgpu' }), /`backend`: one of tensorflow, wasm, cpu, received "webgpu"/);
  const before = process.env.WORKBENCH_BACKEND;
  process.env.WORKBENCH_BACKEND = 'gpu';
  try {
    await rejects(() => initBackend({}), /`WORKBENCH_BACKEND`: one of tensorflow, wasm, cpu/);
  } finally {
    if (before === undefined) delete process.env.WORKBENCH_BACKEND;
    else process.env.WORKBENCH_BACKEND = before;
  }
});

test('requesting tensorflow where tfjs-node is not installed fails loudly (no silent fallback)', async () => {
  let native = true;
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    native = false;
  }
  if (!native) await rejects(() => initBackend({ backend: 'tensorflow' }), /a tfjs backend that can start here, received "tensorflow"/);
  assert.is(await initBackend({ backend: 'wasm', log: () => undefined }), 'wasm');
});

test.run();
