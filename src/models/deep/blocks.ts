// Building blocks of the deep models, re-exported as the `deepLayers` namespace (generic names such as
// `dense` or `dropout` stay out of the top-level public API).
export { lstmLayer, lstmRecurrence, type LstmParams } from './lstm';
export { conv1dCausal, layerNorm, multiHeadSelfAttention, sinusoidalPositions, dropout, type AttentionParams } from './layers';
export { mm, dense, unstackRows } from './ops';
export { headLoss, clipByGlobalNorm, type HeadKind } from './loss';
export { Network, type NetworkSpec, type WeightSpec, type ApplyOptions } from './network';
export { fitFeatureScaler, scaleFeatures, type FeatureScaler, type TargetScale } from './prepare';
export { installWasmSlice } from './kernels';
export { glorotUniform, orthogonal } from './init';
