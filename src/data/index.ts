// public API of src/data (re-exported by src/index.ts)
export * from './bars';
export * from './synthetic';
