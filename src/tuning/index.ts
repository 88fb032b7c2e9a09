// public API of src/tuning (re-exported by src/index.ts)
export {};
