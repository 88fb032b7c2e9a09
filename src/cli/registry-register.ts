/** `workbench registry register`: registers a trained model of a run (or any saved model folder) under a name. */
import * as fs from 'fs';
import * as path from 'path';
import { registerModelVersion } from '../tracking/model-registry';
import { readRunState } from '../training/checkpoint';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';

/** What a run folder offers for registration. */
export interface RunModelChoice {
  /** Absolute model folder. */
  dir: string;
  /** sha256 of the run's data, when the run recorded it. */
  dataSha256?: string;
  /** Track id the model came from, e.g. `progressive-h7-gbdt`. */
  track: string;
}

/**
 * Finds the saved model of a run's track: `<home>/runs/<id>/checkpoint/state.json` names each track's model
 * folder; `model` and `horizon` pick among several tracks.
 * @param home workbench home
 * @param runId run id
 * @param filter `model` registry key and/or `horizon` in days
 * @throws InputError when the run has no checkpoint, or no / several tracks match
 */
export function findRunModel(home: string, runId: string, filter: { model?: string; horizon?: number }): RunModelChoice {
  const dir = path.join(home, 'runs', runId);
  if (!fs.existsSync(dir)) throw inputError({ key: 'run-id' }, `a run folder under ${path.join(home, 'runs')}`, JSON.stringify(runId));
  const state = readRunState(dir);
  if (!state) throw inputError({ file: path.join(dir, 'checkpoint', 'state.json') }, 'a run checkpoint naming its saved models', 'no such file (use --path <model dir>)');
  const tracks = state.tracks.filter(
    (t) => t.modelDir && (filter.model === undefined || t.model === filter.model) && (filter.horizon === undefined || t.horizons.includes(`h${filter.horizon}`)),
  );
  const ids = state.tracks.filter((t) => t.modelDir).map((t) => t.id);
  if (!tracks.length) throw inputError({ key: 'run-id' }, 'a track with a saved model matching --model/--horizon', `tracks ${ids.join(', ') || '(none with a model)'}`);
  if (tracks.length > 1) throw inputError({ key: 'run-id' }, 'exactly one matching track (add --model and/or --horizon)', `tracks ${tracks.map((t) => t.id).join(', ')}`);
  return { dir: path.join(dir, 'checkpoint', tracks[0].modelDir!), dataSha256: state.dataSha256, track: tracks[0].id };
}

/** The `registry register` command. */
export const registryRegisterCommand: Command = {
  name: 'registry register',
  summary: "Register a run's trained model as a new version of a named model",
  help: [
    'Usage: workbench registry register <run-id> --name <name> [--horizon <days>] [--model <key>]',
    '       workbench registry register --path <model dir> --name <name> [--run <run-id>]',
    '',
    "Copies the model into $WORKBENCH_HOME/registry/<name>/<version>/ (versions count from 1, stage None) and",
    'records its lineage: run id, data sha256 and, with --parent, the version it was fine-tuned from.',
    '',
    'Options:',
    '  --name <name>       registered model name (letters, digits, _ . -)',
    '  --horizon <days>    pick the track of this horizon when the run trained several',
    '  --model <key>       pick the track of this model family (gbdt, lstm, …)',
    '  --path <dir>        register a saved model folder (with model.json) instead of a run track',
    '  --run <run-id>      run id to record with --path',
    '  --parent <uri>      version this model was fine-tuned from, e.g. gbdt-h1/2 or gbdt-h1@champion',
    '  --description <t>   free text',
    '  --json              print the new version as JSON',
    '  --store <file>      DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench registry register run-20260101-120000-ab12 --name spx-h1 --horizon 1 --model gbdt',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    horizon: { type: 'string' },
    model: { type: 'string' },
    path: { type: 'string' },
    run: { type: 'string' },
    parent: { type: 'string' },
    description: { type: 'string' },
    json: { type: 'boolean' },
    store: { type: 'string' },
  },
  async run(ctx) {
    const name = ctx.values.name;
    if (typeof name !== 'string') throw inputError({ key: '--name' }, 'a registered model name', 'nothing');
    const home = workbenchHome();
    let source: string;
    let runId: string | undefined;
    let dataSha256: string | undefined;
    let track = '';
    if (typeof ctx.values.path === 'string') {
      if (ctx.positionals.length) throw inputError({ key: 'arguments' }, 'either <run-id> or --path, not both', ctx.positionals.join(' '));
      source = ctx.values.path;
      runId = ctx.values.run as string | undefined;
    } else {
      if (ctx.positionals.length !== 1) throw inputError({ key: 'arguments' }, 'one <run-id> (or --path <model dir>)', ctx.positionals.length ? ctx.positionals.join(' ') : 'nothing');
      runId = ctx.positionals[0];
      let horizon: number | undefined;
      if (ctx.values.horizon !== undefined) {
        horizon = Number(ctx.values.horizon);
        if (!Number.isInteger(horizon) || horizon < 1) throw inputError({ key: '--horizon' }, 'a horizon in trading days (integer >= 1)', JSON.stringify(ctx.values.horizon));
      }
      const choice = findRunModel(home, runId, { model: ctx.values.model as string | undefined, horizon });
      source = choice.dir;
      dataSha256 = choice.dataSha256;
      track = choice.track;
    }
    const v = await registerModelVersion(
      { name, source, runId, dataSha256, parent: ctx.values.parent as string | undefined, description: ctx.values.description as string | undefined },
      { ...storeOption(ctx), home },
    );
    if (ctx.values.json) ctx.out(JSON.stringify(v, null, 2));
    else ctx.out(`Registered ${v.name} version ${v.version} (${v.modelKey || 'model'}${track ? `, track ${track}` : ''}) → ${v.path}`);
    return 0;
  },
};
