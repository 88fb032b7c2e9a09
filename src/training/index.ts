// public API of src/training (re-exported by src/index.ts)
export * from './progress';
export * from './terminal';
