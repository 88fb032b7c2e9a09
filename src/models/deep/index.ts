// Registers the deep families (lstm, lstm_vol, lstm_cnn, lstm_transformer_cnn, unified); each is a DeepSequenceModel.
export { DEEP_MODEL_KEYS } from './families';
export { DeepSequenceModel } from './model';
export { deepFamilyDefaults, lstmDefaults, resolveDeepParams, type DeepParams } from './params';
export { activeBackend, ensureBackend, initBackend, backendDefaults, type BackendName, type BackendOptions } from './backend';
export { lstmLayer, lstmRecurrence, type LstmParams } from './lstm';
export { conv1dCausal, layerNorm, multiHeadSelfAttention, sinusoidalPositions, dropout, type AttentionParams } from './layers';
export { mm, dense, unstackRows } from './ops';
export { headLoss, clipByGlobalNorm, type HeadKind } from './loss';
export { Network, type NetworkSpec, type WeightSpec } from './network';
export { fitFeatureScaler, scaleFeatures, type FeatureScaler, type TargetScale } from './prepare';
