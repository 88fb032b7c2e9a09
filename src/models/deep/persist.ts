/** Weight files of the deep models: every weight concatenated as Float32 little-endian, shapes in the manifest. */
import type { Platt } from '../calibration';
import type { FallbackChoice, HeadFallbacks } from './fallback';
import * as fs from 'fs';
import * as path from 'path';
import { inputError } from '../../util/errors';
import type { RngState } from '../../util/rng';
import type { ModelManifest } from '../registry';
import type { TrainHistory } from '../types';
import type { NetworkSpec, WeightSpec } from './network';
import type { TargetScale } from './prepare';

/** File name of the weights beside `model.json`. */
export const WEIGHTS_FILE = 'weights.bin';

/** Family-specific JSON state of a saved deep model (`manifest.state`). */
export interface DeepState {
  format: 'deep@1';
  spec: NetworkSpec;
  weights: WeightSpec[];
  classWeights?: number[];
  targetScales: Record<string, TargetScale>;
  rng: RngState;
  history: TrainHistory;
  /** Backend the model was last trained on. */
  backend?: string;
  /** Platt maps of binary heads by head name (src/models/deep/calibrate.ts). */
  platts?: Record<string, Platt>;
  /** Heads that predict the training base rate (src/models/deep/fallback.ts), with its probabilities. */
  fallbacks?: HeadFallbacks;
  /** Validation log losses of the net and of the base rate behind that choice, by head. */
  choices?: Record<string, FallbackChoice>;
}

/**
 * Packs weights into one byte buffer (Float32, little-endian on every platform Node runs on).
 * @param values weights in spec order
 * @returns bytes, length 4·Σ sizes
 */
export function packWeights(values: Float32Array[]): Uint8Array {
  const total = values.reduce((a, v) => a + v.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const v of values) {
    all.set(v, off);
    off += v.length;
  }
  return new Uint8Array(all.buffer);
}

/**
 * Reads a weights file written from {@link packWeights} and splits it by `specs`.
 * @param file path of the weights file
 * @param specs names and shapes in save order
 * @returns one Float32Array per spec; an InputError when the file is missing or has the wrong size
 */
export function readWeights(file: string, specs: WeightSpec[]): Float32Array[] {
  if (!fs.existsSync(file)) throw inputError({ file }, 'the weights file saved beside model.json', 'no such file');
  const buf = fs.readFileSync(file);
  const sizes = specs.map((w) => w.shape.reduce((p, q) => p * q, 1));
  const expected = sizes.reduce((a, b) => a + b, 0);
  if (buf.byteLength !== expected * 4) throw inputError({ file }, `${expected * 4} bytes (${expected} float32 weights)`, `${buf.byteLength} bytes`);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const out: Float32Array[] = [];
  let off = 0;
  for (const size of sizes) {
    out.push(all.slice(off, off + size));
    off += size;
  }
  return out;
}

/**
 * Checks a saved deep model's state and reads its weights.
 * @param dir the saved folder
 * @param manifest its parsed `model.json`
 * @returns the state and one Float32Array per weight; InputErrors name the file
 */
export function readSaved(dir: string, manifest: ModelManifest): { state: DeepState; values: Float32Array[] } {
  const state = manifest.state as DeepState | undefined;
  if (!state || state.format !== 'deep@1') {
    throw inputError({ file: path.join(dir, 'model.json'), key: 'state.format' }, '"deep@1"', JSON.stringify(state?.format));
  }
  return { state, values: readWeights(path.join(dir, WEIGHTS_FILE), state.weights) };
}
