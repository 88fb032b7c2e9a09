// public API of src/labels (re-exported by src/index.ts)
export * from './forward';
export * from './regimes';
export * from './build';
