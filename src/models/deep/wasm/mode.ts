/**
 * Whether the deep models use their fused kernels (the WebAssembly SIMD LSTM, the one-pass clip + Adam
 * update) or the tfjs-op reference path. Default `auto`: fused on the wasm backend only (the `cpu` and
 * `tensorflow` backends keep the reference path); `WORKBENCH_FUSED=0` turns them off, `WORKBENCH_FUSED=1`
 * forces them on any backend; {@link setFusedMode} wins over the environment.
 */
import * as tf from '@tensorflow/tfjs';

/** `auto`: fused on the wasm backend only; `on`: fused on every backend; `off`: never fused. */
export type FusedMode = 'auto' | 'on' | 'off';

let mode: FusedMode | undefined;

/**
 * Sets the fused-kernel mode for this process (wins over `WORKBENCH_FUSED`); undefined restores the default.
 * @param m `auto` (default), `on` or `off`
 */
export function setFusedMode(m: FusedMode | undefined): void {
  mode = m;
}

/** The mode in effect: {@link setFusedMode}, else `WORKBENCH_FUSED` (`0` off, `1` on), else `auto`. */
export function fusedMode(): FusedMode {
  if (mode) return mode;
  const env = process.env.WORKBENCH_FUSED;
  return env === '0' || env === 'off' ? 'off' : env === '1' || env === 'on' ? 'on' : 'auto';
}

/** True when the mode and the active backend ask for the fused path (kernel availability aside). */
export function fusedWanted(): boolean {
  const m = fusedMode();
  return m === 'on' || (m === 'auto' && tf.getBackend() === 'wasm');
}

/**
 * True while tfjs records operations for a gradient (inside `tf.grad`, `tf.variableGrads`, …): only then does
 * a fused kernel's forward need to keep its saved state for a backward. Outside (prediction, validation loss)
 * the state is dropped instead of being copied out of the kernel memory.
 */
export function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state: { gradientDepth?: number } }).state;
  return (state.gradientDepth ?? 1) > 0;
}
