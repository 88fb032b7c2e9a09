// public API of src/util (re-exported by src/index.ts)
export * from './errors';
export * from './rng';
export * from './dates';
export * from './fs';
