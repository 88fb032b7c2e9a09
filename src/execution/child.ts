/**
 * Entry of a local pool worker process (forked by {@link LocalBackend}): runs the track jobs its parent sends,
 * one at a time, and reports progress, checkpoints and results over IPC. Holds no state the parent needs.
 */
import { InputError } from '../util/errors';
// classical families now, the tfjs ones only when a job needs them (a tabular run's workers never load tfjs)
import '../models/families';
import { modelKeys } from '../models/registry';
import { runTrackJob } from './track-job';
import type { LocalMessage, LocalReply } from './local';

function send(m: LocalReply): void {
  process.send?.(m);
}

let current: AbortController | undefined;

if (process.send) {
  process.on('message', (m: LocalMessage) => {
    if (m.type === 'cancel') {
      current?.abort();
      return;
    }
    if (m.type !== 'job') return;
    const ac = new AbortController();
    current = ac;
    const { job } = m;
    runTrackJob(job, {
      bars: m.bars,
      prep: m.prep,
      signal: ac.signal,
      onProgress: (event) => send({ type: 'progress', id: job.id, event }),
      onCheckpoint: (track) => send({ type: 'checkpoint', id: job.id, track }),
    }).then(
      (track) => send({ type: 'done', id: job.id, track }),
      (err: unknown) => {
        const e = err as Error;
        send({ type: 'error', id: job.id, message: String(e?.message ?? err), input: err instanceof InputError, abort: e?.name === 'AbortError', stack: String(e?.stack ?? '') });
      },
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', id: '', keys: modelKeys() });
}
