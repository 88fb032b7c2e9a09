// public API of src/models (re-exported by src/index.ts); importing it registers every model family.
export * from './types';
export * from './registry';
