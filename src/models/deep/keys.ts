/** Registry keys of the deep families (`families.ts` registers them; kept here so naming them needs no tfjs). */
export const DEEP_FAMILY_KEYS: readonly string[] = ['lstm', 'lstm_vol', 'lstm_cnn', 'lstm_transformer_cnn', 'unified'];
