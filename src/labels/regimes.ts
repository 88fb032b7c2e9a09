/**
 * Market-regime labels. The rules live in `features/regime-rules` (the `regime` feature column applies the
 * same rules, and features sit below labels); this module re-exports them as the label API.
 */
export { REGIME_LABEL_NAMES, regimeDefaults, classifyRegimes, regimeLabels, type RegimeName, type RegimeOptions } from '../features/regime-rules';
