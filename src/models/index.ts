// public API of src/models (re-exported by src/index.ts); importing it registers every model family.
export * from './types';
export * from './registry';
export * from './classical/index';
export * from './deep/index';
