/**
 * TensorFlow.js backend choice for the deep models: `tensorflow` (tfjs-node-gpu or tfjs-node, when
 * installed) → `wasm` → `cpu`, overridable by an explicit choice (config) and by `WORKBENCH_BACKEND`.
 * The choice is made once per process, logged once, and readable with {@link activeBackend} so every
 * run can record it.
 */
import * as tf from '@tensorflow/tfjs';
import { inputError } from '../../util/errors';
import { installMatMulGradient, installWasmSlice } from './kernels';

/** Backend names the workbench knows. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Options of {@link initBackend}. */
export interface BackendOptions {
  /** Explicit choice (e.g. the config's `backend`); wins over the environment. `auto`, '' or undefined: automatic. */
  backend?: BackendName | string;
  /** Where the one-line choice is logged. Default: stderr unless `WORKBENCH_TEST` is set. */
  log?: (line: string) => void;
}

const KNOWN: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
let chosen: BackendName | undefined;
let pending: Promise<BackendName> | undefined;
let loggedOnce = false;

/** Loads the native TensorFlow binding if installed (GPU build first); true when `tensorflow` is registered. */
function loadNative(): boolean {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    let resolved: string | undefined;
    try {
      resolved = require.resolve(pkg);
    } catch {
      continue;
    }
    try {
      require(resolved);
      if (tf.findBackendFactory('tensorflow')) return true;
    } catch {
      // installed but broken (missing libtensorflow): fall through to the next candidate
    }
  }
  return false;
}

function loadWasm(): boolean {
  try {
    require('@tensorflow/tfjs-backend-wasm');
    return tf.findBackendFactory('wasm') !== null;
  } catch {
    return false;
  }
}

async function trySet(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow' && !loadNative()) return false;
  if (name === 'wasm' && !loadWasm()) return false;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function checkName(name: string, where: string): BackendName {
  if (!(KNOWN as string[]).includes(name)) throw inputError({ key: where }, `one of ${KNOWN.join(', ')}`, JSON.stringify(name));
  return name as BackendName;
}

/**
 * Chooses and initialises the tfjs backend: `options.backend` > env `WORKBENCH_BACKEND` > tensorflow > wasm > cpu.
 * An explicitly requested backend that cannot start is an error (no silent fallback); the automatic order
 * falls through. Calling it again with a different explicit backend switches (weights of existing models
 * stay valid: tfjs moves tensors between backends on read).
 * @param options.backend explicit backend name, or 'auto' / '' / undefined for automatic
 * @returns the active backend name
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendName> {
  // 'auto' (the config default) and '' mean: no explicit choice.
  const explicit = options.backend && options.backend !== 'auto' ? options.backend : undefined;
  const envRaw = process.env.WORKBENCH_BACKEND;
  const env = envRaw && envRaw !== 'auto' ? envRaw : undefined;
  const wanted = explicit ? checkName(explicit, 'backend') : env ? checkName(env, 'WORKBENCH_BACKEND') : undefined;
  if (chosen && (!wanted || wanted === chosen) && tf.getBackend() === chosen) return chosen;
  const order: BackendName[] = wanted ? [wanted] : ['tensorflow', 'wasm', 'cpu'];
  let got: BackendName | undefined;
  for (const name of order) {
    if (await trySet(name)) {
      got = name;
      break;
    }
  }
  if (!got) {
    throw inputError({ key: explicit ? 'backend' : 'WORKBENCH_BACKEND' }, 'a tfjs backend that can start here', JSON.stringify(wanted));
  }
  tf.enableProdMode();
  if (got === 'wasm') installWasmSlice();
  installMatMulGradient();
  if (!loggedOnce || got !== chosen) {
    const log = options.log ?? (process.env.WORKBENCH_TEST ? () => undefined : (l: string) => process.stderr.write(`${l}\n`));
    log(`tfjs backend: ${got}${wanted ? ' (requested)' : ' (auto)'}`);
    loggedOnce = true;
  }
  chosen = got;
  return got;
}

/**
 * Makes sure a backend is initialised (automatic choice on first use); later calls are free.
 * @returns the active backend name
 */
export async function ensureBackend(): Promise<BackendName> {
  if (chosen && tf.getBackend() === chosen) return chosen;
  if (!pending) pending = initBackend().finally(() => (pending = undefined));
  return pending;
}

/** The backend the deep models run on now, or undefined before {@link ensureBackend}/{@link initBackend}. */
export function activeBackend(): BackendName | undefined {
  if (!chosen) return undefined;
  const b = tf.engine().backendName;
  return b && (KNOWN as string[]).includes(b) ? (b as BackendName) : chosen;
}
