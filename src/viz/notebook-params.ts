/**
 * Notebook parameters. Notebooks read them from the environment, so `workbench report` (and CI) can run
 * the same notebooks small and fast, while JupyterLab users get the defaults.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `WORKBENCH_FAST` | unset (full) | `1`/`true`/`yes`: small data, few epochs |
 * | `WORKBENCH_SOURCE` | `sample:sp500` | data source (as in `loadBars`) |
 * | `WORKBENCH_HOME` | `<repo>/outputs` | writable state (store, runs, models) |
 */

/** Parameters a notebook runs with. */
export interface NotebookParams {
  /** Fast mode: small data, few epochs (CI). */
  fast: boolean;
  /** Data source for `loadBars` (e.g. `sample:sp500`, an absolute CSV path). */
  source: string;
  /** `WORKBENCH_HOME` when set (`workbenchHome()` applies the default). */
  home?: string;
}

/** Default data source of the notebooks. */
export const DEFAULT_NOTEBOOK_SOURCE = 'sample:sp500';

/**
 * True for the usual "on" spellings of a flag: `1`, `true`, `yes`, `on` (any case).
 * @param value an environment value (undefined → false)
 */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/**
 * Reads the notebook parameters from an environment.
 * @param env environment (default `process.env`)
 * @returns `{fast, source, home?}` (defaults: full mode, `sample:sp500`)
 */
export function notebookParams(env: Record<string, string | undefined> = process.env): NotebookParams {
  const source = env.WORKBENCH_SOURCE && env.WORKBENCH_SOURCE.trim() !== '' ? env.WORKBENCH_SOURCE.trim() : DEFAULT_NOTEBOOK_SOURCE;
  const params: NotebookParams = { fast: envFlag(env.WORKBENCH_FAST), source };
  if (env.WORKBENCH_HOME) params.home = env.WORKBENCH_HOME;
  return params;
}
