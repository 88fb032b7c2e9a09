// Registers the classical families (trees, linear, GARCH, baselines). Each family file calls registerModel().
export {};
export * from '../trees/index';
export * from '../linear/index';
export * from '../garch/index';
export * from '../baselines/index';
export * from '../ensemble/index';
