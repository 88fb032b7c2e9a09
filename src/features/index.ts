// public API of src/features (re-exported by src/index.ts)
export {};
