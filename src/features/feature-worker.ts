/**
 * Worker-thread entry of the two-thread feature build (see `threads.ts`): takes families from the request's shared
 * queue until it is empty, builds them on the shared bars, transfers the columns back on its port and bumps the
 * shared counter the caller blocks on. The
 * builder modules load inside a `try`, so a broken install answers "failed to start" instead of leaving the
 * caller waiting.
 */
import { workerData, type MessagePort } from 'worker_threads';
import type { FeatureReply, FeatureRequest } from './threads';

type Registry = typeof import('./registry');
type Context = typeof import('./context');
type Regime = typeof import('./regime');

const { port, flag, idleMs } = (workerData ?? {}) as { port?: MessagePort; flag?: Int32Array; idleMs?: number };

let mods: { registry: Registry; context: Context; regime: Regime } | undefined;
let loadError: Error | undefined;
try {
  /* eslint-disable @typescript-eslint/no-var-requires */
  mods = { registry: require('./registry') as Registry, context: require('./context') as Context, regime: require('./regime') as Regime };
  /* eslint-enable @typescript-eslint/no-var-requires */
} catch (e) {
  loadError = e instanceof Error ? e : new Error(String(e));
}

/** Builds the families it takes from a request's queue in one fresh context (the volatility level with the build's options, on first use). */
function build(req: FeatureRequest): { reply: FeatureReply; transfer: ArrayBuffer[] } {
  if (!mods) return { reply: { id: req.id, ok: false, load: true, name: loadError!.name, message: loadError!.message }, transfer: [] };
  const t0 = performance.now();
  const { FAMILIES } = mods.registry;
  const bars = req.bars;
  const ctx = mods.context.createContext(bars, { vollevel: () => mods!.regime.volatilityLevel(bars, req.volatility).level });
  const out: Array<[string, Array<[string, Float64Array]>]> = [];
  for (let i = Atomics.add(req.next, 0, 1); i < req.units.length; i = Atomics.add(req.next, 0, 1)) {
    for (const f of req.units[i]) {
      const fn = (FAMILIES as Record<string, (c: typeof ctx) => Array<[string, Float64Array]>>)[f];
      if (!fn) throw new Error(`feature worker: a family among ${Object.keys(FAMILIES).join(', ')}, received ${JSON.stringify(f)}`);
      out.push([f, fn(ctx)]);
    }
  }
  const transfer = new Set<ArrayBuffer>();
  for (const [, cols] of out) for (const [, c] of cols) if (c.buffer instanceof ArrayBuffer) transfer.add(c.buffer);
  return { reply: { id: req.id, ok: true, families: out, ms: performance.now() - t0 }, transfer: [...transfer] };
}

/** The reply for an error met while building or sending. */
function failure(id: number, e: unknown): FeatureReply {
  const err = e instanceof Error ? e : new Error(String(e));
  return { id, ok: false, name: err.name, message: err.message, stack: err.stack };
}

let idle: ReturnType<typeof setTimeout> | undefined;

if (port && flag) {
  // a crash mid-request must not leave the caller waiting: mark the exit and wake it
  process.on('exit', () => {
    Atomics.store(flag, 1, 2);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  port.on('message', (req: FeatureRequest) => {
    let reply: FeatureReply;
    let transfer: ArrayBuffer[] = [];
    try {
      ({ reply, transfer } = build(req));
    } catch (e) {
      reply = failure(req.id, e);
    }
    try {
      port.postMessage(reply, transfer);
    } catch (e) {
      port.postMessage(failure(req.id, e));
    }
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
    // an idle worker never collects its garbage (the shared bars, its memoised series: hundreds of MB on minute
    // bars), so it ends after a few idle seconds; the next long build starts a fresh one
    clearTimeout(idle);
    idle = setTimeout(() => process.exit(0), idleMs ?? 5000);
  });
}
