/**
 * Registers every model family for code that trains or loads models (training, workers): the classical families
 * now, the deep (tfjs) families on first use, so a process that never touches a deep model never loads tfjs.
 * `models/index.ts` (the public barrel) registers them all eagerly.
 */
import './classical/index';
import { DEEP_FAMILY_KEYS } from './deep/keys';
import { registerLazyModels } from './registry';

registerLazyModels(DEEP_FAMILY_KEYS, () => require('./deep/index'));
