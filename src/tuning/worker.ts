/**
 * Worker-thread entry of {@link WorkerPool}: loads the objective module once, then runs trials sent by the
 * main thread. `report` round-trips to the main thread, which owns the study (pruner, store, tracking).
 */
import { parentPort, workerData } from 'worker_threads';

type Objective = (ctx: Record<string, unknown>) => Promise<number> | number;

interface TrialMessage {
  type: 'trial';
  number: number;
  params: Record<string, unknown>;
  runId?: string;
}
interface PruneMessage {
  type: 'prune';
  id: number;
  prune: boolean;
}

const port = parentPort;
if (port) {
  const { module: modulePath, exportName, data } = workerData as { module: string; exportName: string; data: unknown };
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(modulePath) as Record<string, unknown>;
  const fn = mod[exportName] as Objective | undefined;
  const waiting = new Map<number, (prune: boolean) => void>();
  let nextId = 0;
  port.on('message', (msg: TrialMessage | PruneMessage) => {
    if (msg.type === 'prune') {
      waiting.get(msg.id)?.(msg.prune);
      waiting.delete(msg.id);
      return;
    }
    void (async () => {
      try {
        if (typeof fn !== 'function') throw new Error(`${modulePath} has no exported function \`${exportName}\``);
        const ctx = {
          number: msg.number,
          params: msg.params,
          runId: msg.runId,
          data,
          report: (step: number, value: number) =>
            new Promise<boolean>((resolve) => {
              const id = nextId++;
              waiting.set(id, resolve);
              port.postMessage({ type: 'report', id, step, value });
            }),
        };
        const value = await fn(ctx);
        port.postMessage({ type: 'done', value });
      } catch (err) {
        const e = err as Error;
        port.postMessage({ type: e?.name === 'TrialPruned' ? 'pruned' : 'error', message: String(e?.message ?? err), stack: String(e?.stack ?? '') });
      }
    })();
  });
}
