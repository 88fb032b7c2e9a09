// public API of src/features (re-exported by src/index.ts)
export * from './frame';
export * from './csv';
export * from './rolling';
export * from './trend';
export * from './momentum';
export * from './volatility';
export * from './volume';
export * from './pattern';
export * from './statistical';
export * from './regime';
export * from './intraday';
export * from './registry';
export * from './select';
