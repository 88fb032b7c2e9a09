// public API of src/data/intraday (re-exported by src/data/index.ts)
export * from './timeframe';
export * from './sessions';
export * from './parse';
export * from './validate';
export * from './resample';
export * from './synthetic';
export * from './store';
export * from './import';
export * from './source';
