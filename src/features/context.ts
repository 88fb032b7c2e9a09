/**
 * A per-build memo of series several indicator families share (log returns, true range, moving averages),
 * so building the full set computes each of them once. Internal to the feature builder.
 */
import type { Bars } from '../data/bars';
import { ema, logReturn, rollingStd, sma } from './rolling';

/** The bars plus a memo of shared series. */
export interface FeatureContext {
  bars: Bars;
  /** Returns the cached value under `key`, computing it with `fn` the first time. */
  memo<T>(key: string, fn: () => T): T;
}

/**
 * A fresh context for one symbol's bars.
 * @param bars input bars (never mutated)
 * @param lazy series computed on first use under their key in place of the caller's function (e.g. the
 *   volatility level with the build's options, where a thread may not need it at all). Default none.
 * @returns FeatureContext with an empty memo
 */
export function createContext(bars: Bars, lazy: Record<string, () => unknown> = {}): FeatureContext {
  const cache = new Map<string, unknown>();
  return {
    bars,
    memo<T>(key: string, fn: () => T): T {
      if (!cache.has(key)) cache.set(key, Object.prototype.hasOwnProperty.call(lazy, key) ? lazy[key]() : fn());
      return cache.get(key) as T;
    },
  };
}

/** Cached SMA of the close. */
export function smaClose(ctx: FeatureContext, n: number): Float64Array {
  return ctx.memo(`sma${n}`, () => sma(ctx.bars.close, n));
}

/** Cached EMA of the close. */
export function emaClose(ctx: FeatureContext, n: number): Float64Array {
  return ctx.memo(`ema${n}`, () => ema(ctx.bars.close, n));
}

/** Cached 20-row population standard deviation of the close (Bollinger bands, close z-score). */
export function sdClose20(ctx: FeatureContext): Float64Array {
  return ctx.memo('sdclose20', () => rollingStd(ctx.bars.close, 20));
}

/** Cached 20-row SMA of the volume (volume ratio, volume z-score). */
export function smaVolume20(ctx: FeatureContext): Float64Array {
  return ctx.memo('smavol20', () => sma(ctx.bars.volume, 20));
}

/** Cached one-day log returns of the close. */
export function logRet1(ctx: FeatureContext): Float64Array {
  return ctx.memo('logret1', () => logReturn(ctx.bars.close, 1));
}

/** Cached true range max(high, prevClose) − min(low, prevClose) (NaN on the first row), as `trueRange` in volatility.ts. */
export function trueRangeOf(ctx: FeatureContext): Float64Array {
  return ctx.memo('truerange', () => {
    const { high, low, close } = ctx.bars;
    const out = new Float64Array(close.length);
    if (out.length > 0) out[0] = NaN;
    for (let i = 1; i < out.length; i++) out[i] = Math.max(high[i], close[i - 1]) - Math.min(low[i], close[i - 1]);
    return out;
  });
}

/** Cached typical price (high + low + close) / 3. */
export function typicalPrice(ctx: FeatureContext): Float64Array {
  return ctx.memo('typical', () => {
    const { high, low, close } = ctx.bars;
    const out = new Float64Array(close.length);
    for (let i = 0; i < out.length; i++) out[i] = (high[i] + low[i] + close[i]) / 3;
    return out;
  });
}
