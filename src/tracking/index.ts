// public API of src/tracking (re-exported by src/index.ts)
export {};
