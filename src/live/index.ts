// public API of src/live (re-exported by src/index.ts)
export {};
