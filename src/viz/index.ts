// public API of src/viz (re-exported by src/index.ts)
export {};
