/** `workbench registry register`: registers a trained model of a run (or any saved model folder) under a name. */
import * as fs from 'fs';
import * as path from 'path';
import { registerModelVersion } from '../tracking/model-registry';
import { readRunState } from '../training/checkpoint';
import { BUNDLE_FILE } from '../training/bundle';
import { trackBundleDir } from '../training/run-bundles';
import { inputError } from '../util/errors';
import { workbenchHome } from '../util/fs';
import { storeOption } from './runs';
import type { Command } from './types';

/** What a run folder offers for registration. */
export interface RunModelChoice {
  /** Absolute bundle folder (`<run>/bundles/<track>`). */
  dir: string;
  /** sha256 of the run's data, when the run recorded it. */
  dataSha256?: string;
  /** Track id the model came from, e.g. `progressive-h7-gbdt` (also its bundle folder's name). */
  track: string;
}

/** Filter of {@link findRunModel}. */
export interface RunModelFilter {
  /** Model family key. */
  model?: string;
  /** Horizon in trading days. */
  horizon?: number;
  /** Training mode of the track. */
  mode?: 'progressive' | 'unified';
}

/**
 * Finds the model bundle of a run's track: `<home>/runs/<id>/checkpoint/state.json` lists the tracks and
 * `<home>/runs/<id>/bundles/<track>/` holds each finished track's bundle; `model`, `horizon` and `mode` pick
 * among several tracks.
 * @param home workbench home
 * @param runId run id
 * @param filter `model` registry key, `horizon` in days, `mode`
 * @throws InputError when the run has no checkpoint, or no / several tracks match (the message lists them)
 */
export function findRunModel(home: string, runId: string, filter: RunModelFilter): RunModelChoice {
  const dir = path.join(home, 'runs', runId);
  if (!fs.existsSync(dir)) throw inputError({ key: 'run-id' }, `a run folder under ${path.join(home, 'runs')}`, JSON.stringify(runId));
  const state = readRunState(dir);
  if (!state) throw inputError({ file: path.join(dir, 'checkpoint', 'state.json') }, 'a run checkpoint naming its tracks', 'no such file (use --path <bundle dir>)');
  const withBundle = state.tracks.filter((t) => fs.existsSync(path.join(trackBundleDir(dir, t.id), BUNDLE_FILE)));
  const describe = (ts: typeof state.tracks) => ts.map((t) => `${t.id} (--mode ${t.mode} --model ${t.model} --horizon ${t.horizons.map((k) => k.slice(1)).join('/')})`).join(', ');
  const tracks = withBundle.filter(
    (t) => (filter.model === undefined || t.model === filter.model) && (filter.horizon === undefined || t.horizons.includes(`h${filter.horizon}`)) && (filter.mode === undefined || t.mode === filter.mode),
  );
  if (!tracks.length) {
    const unfinished = state.tracks.length > withBundle.length ? ` (${state.tracks.length - withBundle.length} unfinished tracks have no bundle yet: \`workbench resume ${runId}\`)` : '';
    throw inputError({ key: 'run-id' }, 'a finished track matching --model/--horizon/--mode', `tracks ${describe(withBundle) || '(none finished)'}${unfinished}`);
  }
  if (tracks.length > 1) throw inputError({ key: 'run-id' }, 'exactly one matching track (add --model, --horizon and/or --mode)', `tracks ${describe(tracks)}`);
  return { dir: trackBundleDir(dir, tracks[0].id), dataSha256: state.dataSha256, track: tracks[0].id };
}

/** The `registry register` command. */
export const registryRegisterCommand: Command = {
  name: 'registry register',
  summary: "Register a run's trained model as a new version of a named model",
  help: [
    'Usage: workbench registry register <run-id> --name <name> [--model <key>] [--horizon <days>] [--mode progressive|unified]',
    '       workbench registry register --path <bundle dir> --name <name> [--run <run-id>]',
    '',
    "Copies a track's model bundle (the model with its scaler, feature and label spec, training window, hashes",
    'and metrics: <run>/bundles/<track>/) into $WORKBENCH_HOME/registry/<name>/<version>/ (versions count from 1,',
    'stage None) and records its lineage: run id, data sha256 and, with --parent, the version it was fine-tuned from.',
    'The live predictor serves a registered version exactly as the run evaluated it.',
    '',
    'Options:',
    '  --name <name>       registered model name (letters, digits, _ . -)',
    '  --horizon <days>    pick the track of this horizon when the run trained several',
    '  --model <key>       pick the track of this model family (gbdt, lstm, …)',
    '  --mode <mode>       pick the progressive or the unified track',
    '  --path <dir>        register a bundle folder (model.json + bundle.json) instead of a run track',
    '  --run <run-id>      run id to record with --path',
    '  --parent <uri>      version this model was fine-tuned from, e.g. gbdt-h1/2 or gbdt-h1@champion',
    '  --description <t>   free text',
    '  --json              print the new version as JSON',
    '  --store <file>      DuckDB store file (default: $WORKBENCH_HOME/store.duckdb)',
    '',
    'Example:',
    '  workbench registry register run-20260101-120000-ab12 --name SP500-h1 --model gbdt --horizon 1 --mode progressive',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    horizon: { type: 'string' },
    model: { type: 'string' },
    mode: { type: 'string' },
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
      const mode = ctx.values.mode as string | undefined;
      if (mode !== undefined && mode !== 'progressive' && mode !== 'unified') throw inputError({ key: '--mode' }, '`progressive` or `unified`', JSON.stringify(mode));
      const choice = findRunModel(home, runId, { model: ctx.values.model as string | undefined, horizon, mode });
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
