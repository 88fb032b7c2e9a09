// public API of src/windows (re-exported by src/index.ts)
export * from './windows';
export * from './scalers';
