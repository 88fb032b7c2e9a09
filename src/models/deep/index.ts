// Registers the deep families (lstm, lstm_vol, lstm_cnn, lstm_transformer_cnn, unified); each is a DeepSequenceModel.
export { DEEP_MODEL_KEYS } from './families';
export { DeepSequenceModel } from './model';
export { deepFamilyDefaults, lstmDefaults, resolveDeepParams, type DeepParams } from './params';
export { activeBackend, ensureBackend, initBackend, type BackendName, type BackendOptions } from './backend';
export * as deepLayers from './blocks';
