// public API of src/labels (re-exported by src/index.ts)
export {};
