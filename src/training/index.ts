// public API of src/training (re-exported by src/index.ts)
export * from './progress';
export * from './terminal';
export * from './source';
export * from './prepare';
export * from './schedule';
export * from './models';
export * from './types';
export * from './track';
export * from './results';
export * from './report';
export * from './checkpoint';
export * from './plan';
export * from './compare';
export * from './run';
export * from './evaluate';
export * from './resume-any';
export * from './validate-run';
