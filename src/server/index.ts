// public API of src/server (the REST API and dashboard; `workbench serve` starts it)
export { createServer, assertBindAllowed, serverDefaults, type ServerOptions, type WorkbenchServer } from './app';
export { RunManager, ConflictError, runManagerDefaults, plannedUnits, modeOf, type RunManagerOptions, type ServerStatus, type HistoryPoint } from './manager';
export { startTraining, startTrainingDefaults, TrainingCancelledError, type StartTrainingOptions } from './runner';
export { trainerDefaults, type TrainerSpec } from './worker';
export { comparisonTable, type ComparisonTable, type CompareRow, type CompareColumn, type CompareCell } from './compare';
export { describeConfigSchema, type FormField } from './form';
export { validateStartConfig, validateRunId, confinePath, RUN_ID_PATTERN, type StartConfigOptions } from './validate';
export { discoverRuns, readResults, markOrphans, type RunRecord, type RunLifecycle, type RunMode } from './state';
