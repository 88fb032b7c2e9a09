/**
 * Loader of the WebAssembly SIMD kernel module (built from `assembly/*.ts` by scripts/build-kernels.js and
 * embedded as base64 in binary.ts), instantiated synchronously on first use, and a bump arena over its
 * memory: the caller asks for float buffers, gets byte offsets, and reads/writes through {@link KernelModule.f32}.
 */
import { KERNEL_WASM_BASE64 } from './binary';

/** The part of WebAssembly.Memory used here (lib ES2022 has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The functions the kernel module exports (pointers are byte offsets into its memory). */
export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  lstmForward(xp: number, wh: number, a: number, c: number, tc: number, h: number, T: number, B: number, U: number): void;
  lstmBackward(dy: number, wh: number, a: number, c: number, tc: number, h: number, dz: number, dwh: number, wht: number, dh: number, dc: number, T: number, B: number, U: number): void;
  layerForward(x: number, xt: number, wx: number, bias: number, wh: number, a: number, c: number, tc: number, h: number, T: number, B: number, U: number, F: number): void;
  layerBackward(
    dy: number, x: number, wx: number, wh: number, a: number, c: number, tc: number, h: number, dz: number, dwh: number, wht: number,
    dh: number, dc: number, dwx: number, db: number, dx: number, wxt: number, T: number, B: number, U: number, F: number, wantDx: number,
  ): void;
  convForward(x: number, w: number, bias: number, y: number, B: number, T: number, K: number, Fin: number, Fout: number): void;
  convBackward(x: number, w: number, y: number, dy: number, dw: number, db: number, dx: number, wt: number, B: number, T: number, K: number, Fin: number, Fout: number, wantDx: number): void;
  attentionForward(q: number, k: number, v: number, att: number, ctx: number, kt: number, B: number, T: number, D: number, H: number): void;
  attentionBackward(q: number, k: number, v: number, att: number, dctx: number, dq: number, dk: number, dv: number, scratch: number, B: number, T: number, D: number, H: number): void;
  gemmAcc(a: number, sai: number, sak: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
  sumSquares(g: number, n: number): number;
  adamStep(w: number, g: number, m: number, v: number, n: number, scale: number, lr: number, b1: number, b2: number, c1: number, c2: number, eps: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  layerNormForward(x: number, gamma: number, beta: number, y: number, xhat: number, rstd: number, rows: number, d: number, eps: number): void;
  layerNormBackward(dy: number, xhat: number, rstd: number, gamma: number, dx: number, dgamma: number, dbeta: number, rows: number, d: number): void;
  biasRows(out: number, bias: number, rows: number, d: number): void;
  colSumsAcc(m: number, out: number, rows: number, cols: number): void;
  reluRun(p: number, n: number): void;
  reluBackRun(g: number, y: number, n: number): void;
  maskedAdd(base: number, a: number, mask: number, out: number, B: number, T: number, d: number): void;
  maskMul(g: number, mask: number, out: number, B: number, T: number, d: number): void;
}

/** State kept in the arena between two calls (an LSTM forward awaiting its backward). */
export interface ArenaOwner {
  /** Copies the state out of the arena: another call is about to overwrite it. */
  spill(k: KernelModule): void;
}

/** An instantiated kernel module and its memory arena. */
export class KernelModule {
  readonly exports: KernelExports;
  private owner: ArenaOwner | undefined;
  private readonly base: number;

  constructor(exports: KernelExports) {
    this.exports = exports;
    this.base = (exports.heapBase() + 63) & ~63;
  }

  /**
   * Takes the arena for a new call: the state of a previous owner (if another) is spilled first.
   * @param owner who keeps state in the arena after this call (undefined: nobody)
   */
  take(owner?: ArenaOwner): void {
    if (this.owner && this.owner !== owner) this.owner.spill(this);
    this.owner = owner;
  }

  /** Ends the current ownership without spilling (its state is no longer needed). */
  release(): void {
    this.owner = undefined;
  }

  /**
   * Lays out buffers of the given float counts one after another (64-byte aligned), growing the memory when
   * needed. Earlier offsets stay valid until the next call. Call {@link KernelModule.take} first.
   * @param sizes floats per buffer
   * @returns byte offset of each buffer
   */
  reserve(sizes: number[]): number[] {
    let p = this.base;
    const out = sizes.map((n) => {
      const at = p;
      p += (n * 4 + 63) & ~63;
      return at;
    });
    const mem = this.exports.memory;
    if (p > mem.buffer.byteLength) mem.grow(Math.ceil((p - mem.buffer.byteLength) / 65536));
    return out;
  }

  /** A Float32Array view of the whole memory (take a fresh one after {@link KernelModule.reserve}). */
  f32(): Float32Array {
    return new Float32Array(this.exports.memory.buffer);
  }
}

let cached: KernelModule | null | undefined;

/**
 * The kernel module, or null where this runtime cannot run it (no WebAssembly, or no SIMD).
 * Instantiated once per process, synchronously.
 */
export function kernelModule(): KernelModule | null {
  if (cached !== undefined) return cached;
  try {
    const bytes = Buffer.from(KERNEL_WASM_BASE64, 'base64');
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    cached = new KernelModule(instance.exports as unknown as KernelExports);
  } catch {
    cached = null;
  }
  return cached;
}
