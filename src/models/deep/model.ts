/**
 * The deep sequence model: one class behind the `lstm`, `lstm_vol`, `lstm_cnn`, `lstm_transformer_cnn`
 * and `unified` registry keys (the key picks defaults and the output heads). Saved as `model.json`
 * (manifest: params, feature names, scaler, weight specs) + `weights.bin` (Float32 little-endian, weights
 * concatenated in spec order).
 */
import type { Platt } from '../calibration';
import { calibrateHead, fitHeadCalibration } from './calibrate';
import { applyFallback, fallbackRecord, fitHeadFallbacks, type FallbackChoice, type HeadFallbacks } from './fallback';
import * as path from 'path';
import { inputError } from '../../util/errors';
import { writeFileAtomic } from '../../util/fs';
import { Rng } from '../../util/rng';
import { notFitted, writeManifest, type ModelManifest } from '../registry';
import { taskClasses, type Dataset, type FinetuneOptions, type FitOptions, type Model, type PredictOptions, type Task, type TrainHistory } from '../types';
import { activeBackend, ensureBackend } from './backend';
import { decodePredictions, headOutputs } from './infer';
import { Network, type NetworkSpec } from './network';
import { WEIGHTS_FILE, packWeights, readSaved, type DeepState } from './persist';
import { resolveDeepParams, type DeepParams } from './params';
import {
  balancedClassWeights, checkSequenceData, fitFeatureScaler, fitTargetScale, headLabels, headTargets, preparedFrom, scaleFeatures,
  type FeatureScaler, type TargetScale,
} from './prepare';
import { evaluateNetwork, trainNetwork, type Prepared } from './train';

/** A deep sequence network (see module doc); constructed with hyperparameters only. */
export class DeepSequenceModel implements Model {
  readonly key: string;
  readonly task: Task;
  readonly inputRank = 3 as const;
  readonly params: Readonly<DeepParams>;
  private net: Network | undefined;
  private scaler: FeatureScaler | undefined;
  private featureNames: string[] = [];
  private classWeights: number[] | undefined;
  private targetScales: Record<string, TargetScale> = {};
  private rng: Rng;
  private hist: TrainHistory = { loss: [] };
  private trainedOn: string | undefined;
  private platts: Record<string, Platt> = {};
  private fallbacks: HeadFallbacks = {};
  private choices: Record<string, FallbackChoice> = {};

  /**
   * @param key registry key (`lstm`, `lstm_vol`, `lstm_cnn`, `lstm_transformer_cnn`, `unified`)
   * @param params hyperparameters (see {@link DeepParams}); unknown keys are an InputError
   */
  constructor(key: string, params: Record<string, unknown> = {}) {
    this.key = key;
    this.params = Object.freeze(resolveDeepParams(key, params));
    this.task = this.params.task;
    this.rng = new Rng(this.params.seed);
  }

  /** True after fit or load. */
  get fitted(): boolean {
    return this.net !== undefined;
  }

  /** Output head names, primary first (`y` for single-output families). */
  headNames(): string[] {
    return this.key === 'unified' ? [...(this.params.targets as string[])] : ['y'];
  }

  /** The tfjs backend this model last trained on (recorded in the manifest). */
  backend(): string | undefined {
    return this.trainedOn;
  }

  private prepare(data: Dataset, where: string, fitting: boolean): Prepared {
    const heads = this.headNames();
    const x = scaleFeatures(data, this.scaler);
    const targets = heads.map((name, i) => {
      const labels = headLabels(data, name, i === 0, where);
      if (fitting && this.task === 'regression') this.targetScales[name] = fitTargetScale(labels, this.params.logTarget, `${where}.${name}`);
      return headTargets(labels, { name, task: this.task }, data.weight, this.classWeights, this.targetScales[name], where);
    });
    return preparedFrom(data, x, targets);
  }

  private spec(data: Dataset): NetworkSpec {
    const p = this.params;
    const outputs = this.task === 'regression' ? 1 : taskClasses(this.task);
    return {
      features: data.shape[2],
      steps: data.shape[1],
      convFilters: p.convFilters,
      convKernel: p.convKernel,
      attentionHeads: p.attentionHeads,
      pool: p.pool,
      ffDim: p.ffDim,
      units: p.units,
      heads: this.headNames().map((name) => ({ name, outputs })),
    };
  }

  /**
   * Trains from scratch: fits the feature scaler (and regression target scale, class weights) on `train`
   * only, initialises seeded weights, trains with early stopping on `options.validation`.
   * On cancellation (`options.signal`) it rejects with an AbortError and the model stays unfitted.
   * @param train `[n, steps, features]` windows with `y` (or `targets` for unified); NaN labels are masked
   * @returns this
   */
  async fit(train: Dataset, options: FitOptions = {}): Promise<this> {
    this.trainedOn = await ensureBackend();
    const where = `${this.key}.fit(train)`;
    checkSequenceData(train, where);
    if (train.shape[0] === 0) throw inputError({ key: `${where}.shape` }, 'at least one training row', '0 rows');
    if (options.validation) checkSequenceData(options.validation, `${this.key}.fit(validation)`, { steps: train.shape[1], features: train.shape[2] });
    this.dispose();
    this.rng = new Rng(this.params.seed);
    this.featureNames = [...train.featureNames];
    this.scaler = this.params.standardize ? fitFeatureScaler(train) : undefined;
    this.targetScales = {};
    const cw = this.params.classWeight;
    this.classWeights = cw === 'balanced' ? balancedClassWeights(headLabels(train, this.headNames()[0], true, where), taskClasses(this.task)) : Array.isArray(cw) ? [...cw] : undefined;
    const data = this.prepare(train, where, true);
    const validation = options.validation ? this.prepare(options.validation, `${this.key}.fit(validation)`, false) : undefined;
    const net = new Network(this.spec(train), undefined, this.params.seed);
    try {
      this.hist = await this.train(net, data, validation, this.params.epochs, options);
    } catch (err) {
      net.dispose();
      throw err;
    }
    this.net = net;
    await this.calibrate(options);
    await this.chooseFallbacks(train, options);
    return this;
  }

  /** Fits the heads' Platt maps on the validation rows (binary task, `calibration: "platt"`); clears them otherwise. */
  private async calibrate(options: FitOptions): Promise<void> {
    this.platts = {};
    if (!options.validation || this.task !== 'binary' || this.params.calibration !== 'platt' || options.validation.shape[0] === 0) return;
    const v = options.validation;
    this.platts = await fitHeadCalibration(this.headNames(), v, (head) => this.outputs(v, head, 'calibrate'), options.labelSpan ?? 1, `${this.key}.calibrate(validation)`);
  }

  /** Per classification head: the training base rate replaces the net when it does not beat it on validation (fallback.ts). */
  private async chooseFallbacks(train: Dataset, options: FitOptions): Promise<void> {
    const v = options.validation;
    const on = v && this.task !== 'regression' && this.params.fallback === 'base_rate' && v.shape[0] > 0;
    const heads = this.headNames();
    const labels = (d: Dataset, part: string) => (head: string) => headLabels(d, head, head === heads[0], `${this.key}.fallback(${part})`);
    this.fallbacks = {};
    this.choices = on ? await fitHeadFallbacks(heads, labels(train, 'train'), labels(v, 'validation'), (head) => this.outputs(v, head, 'fallback'), taskClasses(this.task), options.labelSpan ?? 1) : {};
    for (const [head, c] of Object.entries(this.choices)) if (c.priors) this.fallbacks[head] = c.priors;
  }

  /**
   * What the last fit/finetune chose on its validation tail (see {@link fallbackRecord}): `fallback`,
   * `valLoss`, `baseLoss`, and `bestEpoch`, the epoch whose weights were kept (0: the starting weights).
   */
  selection(): Record<string, number | string> {
    this.requireNet('selection');
    const best = this.hist.bestEpoch?.[0];
    return { ...fallbackRecord(this.headNames(), this.choices), ...(best !== undefined ? { bestEpoch: best } : {}) };
  }

  private train(net: Network, data: Prepared, validation: Prepared | undefined, epochs: number, options: FitOptions): Promise<TrainHistory> {
    const p = this.params;
    return trainNetwork(net, data, {
      epochs,
      batchSize: p.batchSize,
      learningRate: p.learningRate,
      clipNorm: p.clipNorm,
      patience: p.patience,
      dropout: p.dropout,
      progressEvery: p.progressEvery,
      rng: this.rng,
      validation,
      signal: options.signal,
      onProgress: options.onProgress,
      model: this.key,
    });
  }

  /**
   * Warm start: continues training the current weights on `data` for `options.epochs` (default
   * `finetuneEpochs`) with a fresh Adam state; the scaler and class weights from `fit` are kept. A
   * cancelled finetune keeps the weights of the last completed batch.
   * @returns this
   */
  async finetune(data: Dataset, options: FinetuneOptions = {}): Promise<this> {
    const net = this.requireNet('finetune');
    this.trainedOn = await ensureBackend();
    const where = `${this.key}.finetune(data)`;
    const expect = { steps: net.spec.steps, features: net.spec.features };
    checkSequenceData(data, where, expect);
    if (options.validation) checkSequenceData(options.validation, `${this.key}.finetune(validation)`, expect);
    const epochs = options.epochs ?? this.params.finetuneEpochs;
    if (!Number.isInteger(epochs) || epochs < 0) throw inputError({ key: `${where}.epochs` }, 'an integer >= 0', String(epochs));
    const prepared = this.prepare(data, where, false);
    const validation = options.validation ? this.prepare(options.validation, `${this.key}.finetune(validation)`, false) : undefined;
    this.hist = await this.train(net, prepared, validation, epochs, options);
    await this.calibrate(options);
    await this.chooseFallbacks(data, options);
    return this;
  }

  private requireNet(method: string): Network {
    if (!this.net) throw notFitted(this.key, method);
    return this.net;
  }

  private resolveHead(options: PredictOptions | undefined, method: string): string {
    const heads = this.headNames();
    const t = options?.target;
    if (t === undefined) return heads[0];
    if (heads.includes(t)) return t;
    throw inputError({ key: `${this.key}.${method}.target` }, `one of ${heads.join(', ')}`, JSON.stringify(t));
  }

  /** Raw head outputs `[n, k]` (softmax probabilities, calibrated for binary; or scaled values), in batches of 512. */
  private async outputs(data: Dataset, head: string, method: string): Promise<Float32Array> {
    const net = this.requireNet(method);
    await ensureBackend();
    checkSequenceData(data, `${this.key}.${method}(data)`, { steps: net.spec.steps, features: net.spec.features });
    const out = headOutputs(net, scaleFeatures(data, this.scaler), data.shape, head, this.task);
    const calibrated = this.task === 'binary' ? calibrateHead(this.platts, head, out) : out;
    return this.task === 'regression' ? calibrated : applyFallback(this.fallbacks, head, calibrated);
  }

  /**
   * Class probabilities of one head.
   * @param options.target head name (unified: `h1`, `h7`, `h30`; default the first)
   * @returns `[n, classes]` row-major softmax probabilities
   */
  async predictProba(data: Dataset, options?: PredictOptions): Promise<Float32Array> {
    if (this.task === 'regression') {
      throw inputError({ key: `${this.key}.predictProba` }, 'a classification model (binary or ternary)', 'task regression; use predict()');
    }
    return this.outputs(data, this.resolveHead(options, 'predictProba'), 'predictProba');
  }

  /**
   * Class index (argmax) or, for regression, the value in the target's original units (exp'd back with
   * `logTarget`).
   * @returns length n
   */
  async predict(data: Dataset, options?: PredictOptions): Promise<Float32Array> {
    const head = this.resolveHead(options, 'predict');
    const raw = await this.outputs(data, head, 'predict');
    return decodePredictions(raw, data.shape[0], this.task, this.targetScales[head]);
  }

  /**
   * Summed masked loss and per-head losses on a labelled dataset (no dropout), e.g. to check that masked
   * labels do not count.
   * @returns `{loss, perHead: {head: mean loss over known labels}, accuracy?}`
   */
  async evaluate(data: Dataset): Promise<{ loss: number; perHead: Record<string, number>; accuracy?: number }> {
    const net = this.requireNet('evaluate');
    await ensureBackend();
    checkSequenceData(data, `${this.key}.evaluate(data)`, { steps: net.spec.steps, features: net.spec.features });
    return evaluateNetwork(net, this.prepare(data, `${this.key}.evaluate(data)`, false));
  }

  private manifest(): Omit<ModelManifest, 'format' | 'savedAt'> {
    const net = this.requireNet('save');
    const state: DeepState = {
      format: 'deep@1',
      spec: net.spec,
      weights: Network.specs(net.spec),
      classWeights: this.classWeights,
      targetScales: this.targetScales,
      rng: this.rng.state(),
      history: this.hist,
      backend: this.trainedOn ?? activeBackend(),
      ...(Object.keys(this.platts).length ? { platts: this.platts } : {}),
      ...(Object.keys(this.fallbacks).length ? { fallbacks: this.fallbacks } : {}),
      ...(Object.keys(this.choices).length ? { choices: this.choices } : {}),
    };
    return { key: this.key, task: this.task, params: { ...this.params }, featureNames: this.featureNames, state, scaler: this.scaler };
  }

  /** Writes `weights.bin` then `model.json` (params, feature names, scaler, weight specs, backend) into `dir`. */
  async save(dir: string): Promise<void> {
    const manifest = this.manifest();
    writeFileAtomic(path.join(dir, WEIGHTS_FILE), packWeights(this.requireNet('save').values()));
    writeManifest(dir, manifest);
  }

  /** Saved size: 4 bytes per weight plus the manifest's JSON. */
  sizeBytes(): number {
    const net = this.requireNet('sizeBytes');
    return net.parameterCount() * 4 + JSON.stringify(this.manifest()).length;
  }

  /** Per-epoch `loss`, `valLoss`, `loss_<head>`, `valAccuracy` of the last fit/finetune. */
  history(): TrainHistory {
    return this.hist;
  }

  /** Frees the weight tensors; the model is unfitted afterwards. */
  dispose(): void {
    this.net?.dispose();
    this.net = undefined;
  }

  /**
   * Restores a model saved by {@link DeepSequenceModel.save}.
   * @param dir the saved folder
   * @param manifest its parsed `model.json`
   */
  static async load(dir: string, manifest: ModelManifest): Promise<DeepSequenceModel> {
    await ensureBackend();
    const m = new DeepSequenceModel(manifest.key, manifest.params);
    const { state, values } = readSaved(dir, manifest);
    m.net = new Network(state.spec, values);
    m.featureNames = [...manifest.featureNames];
    m.scaler = manifest.scaler as FeatureScaler | undefined;
    m.classWeights = state.classWeights;
    m.targetScales = state.targetScales ?? {};
    m.rng = Rng.fromState(state.rng);
    m.hist = state.history ?? { loss: [] };
    m.platts = state.platts ?? {};
    m.fallbacks = state.fallbacks ?? {};
    m.choices = state.choices ?? {};
    m.trainedOn = state.backend;
    return m;
  }
}
