// public API of src/config (re-exported by src/index.ts)
export * from './schema';
export * from './load';
export * from './profiles';
