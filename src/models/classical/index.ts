// Registers the classical families (trees, linear, GARCH, baselines). Each family file calls registerModel().
export {};
