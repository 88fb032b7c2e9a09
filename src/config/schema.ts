/**
 * The workbench configuration: the seed's YAML schema (training / models / horizons / modes) extended with
 * `data`, `features`, `evaluation`, `tracking` and `runtime` sections. Every object is strict: an unknown key
 * is an error naming its key path. Keys use the seed's snake_case.
 */
import { z } from 'zod';

/** A real calendar date `YYYY-MM-DD` between 1900 and 2100 (2015-02-30 is refused). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01' && s <= '2100-12-31';
  }, 'a real calendar date YYYY-MM-DD between 1900-01-01 and 2100-12-31');

/** Bounded strings: names, symbols, paths. */
const name = z.string().min(1).max(200);
const count = (max: number) => z.number().int().positive().max(max);

/** Where bars come from: `sample:sp500`, `sample:stocks-monthly`, `store:<symbol>`, `csv:<path>`, `json:<path>`, `yahoo:<symbol>`. */
export const dataSourceSchema = z
  .string()
  .max(1024)
  .regex(/^(sample:[a-z0-9-]+|store:[^\s/]+|csv:.+|json:.+|yahoo:[^\s/]+)$/, 'one of sample:<name>, store:<symbol>, csv:<path>, json:<path>, yahoo:<symbol>');

/** One hyperparameter's search distribution (`tuning.spaces.<model>.<param>`). */
export const paramSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('int'), low: z.number().int(), high: z.number().int(), step: z.number().int().positive().optional(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('float'), low: z.number(), high: z.number(), step: z.number().positive().optional(), log: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('log'), low: z.number().positive(), high: z.number().positive() }).strict(),
  z.object({ type: z.literal('categorical'), choices: z.array(z.union([z.string().max(200), z.number(), z.boolean()])).min(1).max(1000) }).strict(),
]);

/**
 * Where a run's jobs execute (`execution`); optional, so configs without it keep their hash. The coordinator
 * strips it from the config a run records (results do not depend on where tracks ran).
 */
export const executionSchema = z
  .object({
    /** `local`: a pool of worker processes on this machine; `redis`: BullMQ queues on `redis.url` served by `workbench worker`. */
    backend: z.enum(['local', 'redis']).default('local'),
    /** Worker processes of the local pool: `auto` = one per core (capped by the tracks to run); 1 = in this process. */
    workers: z.union([z.literal('auto'), count(256)]).default('auto'),
    redis: z
      .object({
        url: z.string().max(2048).regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
        password: z.string().max(1024).optional(),
        /** TLS to Redis (also implied by a rediss:// URL). */
        tls: z.boolean().optional(),
        /** Queue name (several workbenches can share one Redis). */
        queue: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, `_` or `-`').default('workbench'),
        /** Lock of a running job (ms): a worker silent this long is considered dead and its job handed to another. */
        lock_ms: z.number().int().min(1000).max(3_600_000).default(30000),
        /** Attempts per job before it lands in the dead-letter (failed) list. */
        attempts: count(100).default(3),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.backend === 'redis' && !e.redis) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['redis'], message: 'execution.redis.url when backend is redis' });
  });

/** Hyperparameter search (`workbench tune`); optional, so configs without it keep their hash. */
export const tuningSchema = z
  .object({
    sampler: z.enum(['tpe', 'random', 'grid']).default('tpe'),
    trials: count(10000).default(50),
    /** Trials evaluated at once on worker threads. */
    parallel: z.number().int().positive().max(64).default(2),
    /** Sampler seed; default `training.seed`. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    direction: z.enum(['maximize', 'minimize']).default('maximize'),
    /** Validation metric the objective reports, e.g. `val_accuracy`. */
    metric: name.default('val_accuracy'),
    /** Random trials before TPE starts. */
    n_startup_trials: z.number().int().min(0).max(10000).default(10),
    pruner: z.enum(['none', 'median', 'successive_halving']).default('median'),
    /** Median pruner: completed trials needed before pruning. */
    pruner_startup_trials: z.number().int().min(0).max(10000).default(5),
    /** Median pruner: steps (epochs / rounds) before pruning may start. */
    pruner_warmup_steps: z.number().int().min(0).max(100000).default(0),
    /** Successive halving: step of the first rung. */
    min_resource: count(100000).default(1),
    /** Successive halving: keep the top 1/reduction_factor per rung. */
    reduction_factor: z.number().int().min(2).max(100).default(3),
    /** Search space per model registry key, e.g. `gbdt: {maxDepth: {type: int, low: 2, high: 8}}`. */
    spaces: z.record(z.record(paramSpecSchema)).default({}),
  })
  .strict();

/** One member of `data.universe.members`. */
export const universeMemberSchema = z
  .object({
    symbol: name,
    /** Sector of an equity; `index` / `volatility` for the other classes (default from `sectors`, else `index`/`volatility`). */
    sector: name.optional(),
    asset_class: z.enum(['equity', 'index', 'volatility']).default('equity'),
    market: z.enum(['NYSE', 'NSE']).default('NYSE'),
    /** Where its bars come from (data.source syntax); default `<universe.default_source>:<symbol>`. */
    source: dataSourceSchema.optional(),
  })
  .strict();

/** A universe of symbols (issue 16): a folder with universe.json, a JSON member list, a synthetic panel, or members. */
export const universeSchema = z
  .object({
    /** `dir:<folder>` (universe.json + <SYMBOL>.csv), `json:<file>` (a member list), `synthetic:<seed>` (in memory). */
    source: z
      .string()
      .max(1024)
      .regex(/^(dir:.+|json:.+|synthetic:\d{1,9})$/, 'one of dir:<folder>, json:<file>, synthetic:<seed>')
      .optional(),
    members: z.array(universeMemberSchema).max(2000).optional(),
    /** Sector per symbol; must cover every equity member without a `sector`. */
    sectors: z.record(name).optional(),
    /** Source prefix for members without `source`: `yahoo`, `store` or `csv:<folder>`. */
    default_source: z.string().max(1024).regex(/^(yahoo|store|csv:.+)$/, 'yahoo, store or csv:<folder>').default('store'),
    /** Synthetic panel size (source `synthetic:<seed>`): equities, NYSE days, signal strength. */
    synthetic: z
      .object({ symbols: z.number().int().min(2).max(500).default(20), days: z.number().int().min(100).max(10000).default(1260), signal: z.number().min(0).max(5).default(0.2), indices: z.boolean().default(true) })
      .strict()
      .default({}),
    /** Bars before / after these dates are dropped after loading. */
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    /** Fewest bars a member must have. */
    min_history: z.number().int().min(30).max(100000).default(300),
    /** Largest share of missing expected trading days per member (seed 003: 5 %). */
    max_missing: z.number().min(0).max(1).default(0.05),
  })
  .strict();

/** The seed-003 pipeline (`workbench pipeline`): split, models and thresholds. */
export const pipelineSchema = z
  .object({
    /** Pipeline folder name under <home>/pipelines (default: the config file's base name). */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -').optional(),
    /** Shares of the common dates for training and validation (the rest is the test period). */
    train_fraction: z.number().gt(0).lt(1).default(0.8),
    validation_fraction: z.number().gt(0).lt(0.5).default(0.1),
    direction_models: z.array(name).min(1).max(4).default(['gbdt', 'lstm']),
    volatility_models: z.array(z.enum(['garch', 'lstm_vol'])).min(1).max(2).default(['garch', 'lstm_vol']),
    regime_model: name.default('random_forest'),
    /** Realised-vol window (days) of the volatility target. */
    vol_window: z.number().int().min(2).max(252).default(20),
    /** Symbols held out for leave-symbols-out (share of the equities). */
    holdout_fraction: z.number().min(0).max(0.5).default(0.2),
    /** Seed 003 thresholds: direction accuracy, regime accuracy; volatility must beat yesterday's vol. */
    direction_target: z.number().min(0).max(1).default(0.55),
    regime_target: z.number().min(0).max(1).default(0.7),
    /** Version label written into the deploy metadata. */
    version: z.string().max(32).default('1.0'),
  })
  .strict();

export const configSchema = z
  .object({
    /** A preset expanded into several runs of the trainer (see `config/profiles.ts`): `seed002`. Absent = one run. */
    profile: z.enum(['seed002']).optional(),
    data: z
      .object({
        source: dataSourceSchema.default('sample:sp500'),
        /** Symbol name to record (defaults to the source's own). */
        symbol: name.optional(),
        /** Fundamentals JSON merged as-of (path). */
        fundamentals: z.string().min(1).max(1024).optional(),
        /** A VIX-like series (same source syntax) used by regime features instead of the realized-vol stand-in. */
        vix: dataSourceSchema.optional(),
        /** A universe of symbols (panel); used by `workbench pipeline`. */
        universe: universeSchema.optional(),
        /** Bar timeframe of the run (absent = `1d`): windows and horizons count bars of it. Intraday needs csv: or store:. */
        timeframe: z.enum(['1d', '1h', '30m', '5m', '1m']).optional(),
        /** Exchange of intraday bars (sessions, holidays, zone); default NYSE. */
        exchange: z.enum(['NYSE', 'NSE']).optional(),
        /** Zone of intraday date-times written without one: `exchange`, `UTC` or `±hh:mm`. */
        zone: z.string().min(1).max(16).optional(),
      })
      .strict()
      .default({}),
    training: z
      .object({
        symbol: name.optional(),
        start_date: isoDate.default('2004-01-02'),
        initial_end_date: isoDate.default('2019-06-03'),
        /** Calendar days added to the training window per progressive iteration. */
        window_increment: count(3660).default(7),
        max_iterations: z.number().int().positive().max(1000).default(30),
        /** Single target for every horizon; `horizons.targets` overrides per horizon. */
        target_accuracy: z.number().min(0).max(1).optional(),
        /** Iterations without validation improvement before a track is frozen; 0 (default) = never: validation tails differ between iterations, so "no improvement" is mostly noise, and a frozen model predicts later blocks without the newer data. */
        early_stop_patience: z.number().int().min(0).max(1000).default(0),
        /** false: retrain from scratch every iteration instead of fine-tuning. */
        warm_start: z.boolean().default(true),
        /** Fraction of the training window (its tail) used for validation / early stopping. */
        validation_fraction: z.number().gt(0).lt(0.5).default(0.15),
        /** Rows removed after a test block before later training data (purging always applies). */
        embargo: z.number().int().min(0).max(1000).default(0),
        /** Most recent training samples used by each warm-start (fine-tune) update of a deep model (tabular models use the whole window). */
        finetune_window: count(100000).default(256),
        /** Purge samples whose labels reach into the following block. false only to demonstrate the leak. */
        purge: z.boolean().default(true),
        seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
      })
      .strict()
      .default({}),
    models: z
      .object({
        enabled: z.array(name).min(1).max(16).default(['lstm', 'gbdt', 'logistic']),
        batch_size: count(65536).default(64),
        epochs: count(1000).default(30),
        epochs_per_iteration: count(1000).default(15),
        /** Registry key of the unified-mode model: `unified` (multi-head net), or any key as a per-horizon fallback. */
        unified_model: name.default('unified'),
        /** Per-model hyperparameters by registry key, e.g. `{gbdt: {maxDepth: 4}}`. */
        params: z.record(z.record(z.unknown())).default({}),
      })
      .strict()
      .default({}),
    horizons: z
      .object({
        enabled: z.array(z.number().int().positive().max(252)).min(1).max(16).default([1, 7, 30]),
        /** Target direction accuracy per horizon (seed: 70 % / 65 % / 60 %). */
        targets: z.record(z.number().min(0).max(1)).default({ '1': 0.7, '7': 0.65, '30': 0.6 }),
        /** `binary` / `ternary` direction, `regression` (forward log return over h bars) or `volatility` (forward realised vol over h bars). */
        task: z.enum(['binary', 'ternary', 'regression', 'volatility']).default('binary'),
        /** Half-width of the ternary neutral band for h = 1 (scaled by √h). */
        neutral_band: z.number().min(0).max(1).default(0.001),
      })
      .strict()
      .default({}),
    modes: z
      .object({
        progressive: z.boolean().default(true),
        unified: z.boolean().default(true),
        compare_results: z.boolean().default(true),
      })
      .strict()
      .default({}),
    features: z
      .object({
        set: z.enum(['minimal', 'technical', 'full']).default('full'),
        sequence_length: z.number().int().positive().max(512).default(30),
        scaler: z.enum(['zscore', 'robust']).default('zscore'),
        /** Feature selection inside every fit, on its training rows only: `auto` (mutual information beating a label-shuffling null), `none`, or the k best-ranked. */
        select: z.union([z.enum(['auto', 'none']), z.number().int().positive().max(100000)]).default('auto'),
      })
      .strict()
      .default({}),
    evaluation: z
      .object({
        cost_bps: z.number().min(0).max(10000).default(5),
        bootstrap_samples: count(20000).default(1000),
        confidence: z.number().gt(0).lt(1).default(0.95),
      })
      .strict()
      .default({}),
    tracking: z
      .object({
        experiment: name.default('default'),
        /** Remote MLflow tracking server (http/https); empty = local store only. */
        uri: z
          .string()
          .max(2048)
          .url()
          .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// URL')
          .optional(),
      })
      .strict()
      .default({}),
    tuning: tuningSchema.optional(),
    execution: executionSchema.optional(),
    pipeline: pipelineSchema.optional(),
    runtime: z
      .object({
        /** Deep-learning backend. An explicit name wins; `auto` defers to env WORKBENCH_BACKEND, else tensorflow (if installed) → wasm → cpu. */
        backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
        /** Smaller data and fewer epochs, for CI and smoke tests. */
        fast: z.boolean().default(false),
      })
      .strict()
      .default({}),
  })
  .strict();

/** A fully resolved configuration (defaults filled in). */
export type WorkbenchConfig = z.output<typeof configSchema>;

/** Configuration as written by a user (everything optional). */
export type WorkbenchConfigInput = z.input<typeof configSchema>;

/** Registry-key aliases accepted in `models.enabled` (the seed's names). */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  cnn: 'lstm_cnn',
  transformer: 'lstm_transformer_cnn',
  xgboost: 'gbdt',
  lightgbm: 'gbdt',
  rf: 'random_forest',
};
export type ExecutionConfig = z.output<typeof executionSchema>;
