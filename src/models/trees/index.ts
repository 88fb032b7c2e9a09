// public API of src/models/trees: importing it registers `gbdt`, `random_forest` and `regime_rf`.
export { GbdtModel, gbdtDefaults, type GbdtParams } from './gbdt';
export { RandomForestModel, forestDefaults, type ForestParams } from './forest';
export { createRegimeClassifier, regimeRfDefaults, REGIME_RF_CLASSES } from './regime';
export { makeClassification, makeClassificationDefaults, type MakeClassificationOptions } from './synthetic';
