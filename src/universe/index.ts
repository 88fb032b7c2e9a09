// public API of src/universe (re-exported by src/index.ts): universes as panels and the seed-003 pipeline
export { loadUniverse, checkUniverse, resolveMembers, type Universe, type UniverseSpec, type LoadUniverseOptions } from './members';
export * from './quality';
export * from './cross';
export * from './panel';
export * from './split';
export * from './direction';
export * from './modes';
export * from './units';
export * from './volatility';
export * from './state';
export { runPipeline, pipelineConfig, pipelinePanel, trainUnits, type RunPipelineOptions } from './pipeline';
export { validateUnits, deployUnits, formatValidation, type UnitValidation, type PipelineConfig } from './pipeline-steps';
