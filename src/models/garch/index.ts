/**
 * GARCH family: registers `garch` (regression: next-day or h-day volatility forecasts) and exports
 * the function API (`fitGarch`, `garchForecast`, `garchFilter`, `garchLogLik`) and Nelder–Mead.
 */
import { registerModel, type ModelManifest } from '../registry';
import { GarchModel, type GarchModelState } from './model';

export { GarchModel, garchModelDefaults, type GarchModelState } from './model';
export {
  fitGarch,
  garchDefaults,
  garchFilter,
  garchForecast,
  garchLogLik,
  garchLongRunVariance,
  type GarchFit,
  type GarchOptions,
  type GarchParams,
} from './garch';
export { nelderMead, nelderMeadDefaults, type NelderMeadOptions, type MinimizeResult } from './optimize';

registerModel({
  key: 'garch',
  description: 'GARCH(1,1) with constant mean (ML, normal or Student-t): forecast volatility over the next `horizon` days',
  tasks: ['regression'],
  inputRank: 2,
  create: (params) => new GarchModel(params),
  load: async (_dir: string, m: ModelManifest) => new GarchModel(m.params).restore(m.featureNames, m.state as GarchModelState),
});
