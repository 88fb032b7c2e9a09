/**
 * Classification metrics from class labels: confusion matrix, accuracy, balanced accuracy,
 * precision / recall / F1 (binary, or macro-averaged for multiclass) and the Matthews correlation.
 * Labels are class indices 0..k-1 (binary: 0 = not up, 1 = up), any numeric array type.
 * Zero-division convention (as scikit-learn's `zero_division=0`): a ratio with a zero denominator is 0.
 */
import { inputError, show } from '../../util/errors';
import { checkClasses, checkNonEmpty, checkSameLength, Numeric } from '../check';

/** A k×k confusion matrix: `counts[t * classes + p]` = samples with true class t predicted as p. */
export interface ConfusionMatrix {
  classes: number;
  /** Row-major k×k counts, rows = true class, columns = predicted class. */
  counts: Int32Array;
  /** Total samples. */
  n: number;
}

/** Options of the label metrics. */
export interface ClassificationOptions {
  /** Number of classes k; default max(label) + 1 over both arrays, at least 2. */
  classes?: number;
  /**
   * `binary`: precision/recall/F1 of class `positive`; `macro`: unweighted mean over classes.
   * Default: `binary` when k = 2, else `macro`.
   */
  average?: 'binary' | 'macro';
  /** The positive class for `average: 'binary'`; default 1. */
  positive?: number;
}

/** Defaults of {@link ClassificationOptions}. */
export const classificationDefaults = { positive: 1 } as const;

/**
 * Counts true × predicted classes.
 * @param yTrue true class per sample, length n
 * @param yPred predicted class per sample, length n
 * @param options `classes` (default inferred, >= 2)
 * @returns k×k row-major counts (rows = true class)
 */
export function confusionMatrix(yTrue: Numeric, yPred: Numeric, options: Pick<ClassificationOptions, 'classes'> = {}): ConfusionMatrix {
  return build('confusionMatrix', yTrue, yPred, options.classes);
}

function build(fn: string, yTrue: Numeric, yPred: Numeric, classes?: number): ConfusionMatrix {
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  const k = checkClasses(fn, [['yTrue', yTrue], ['yPred', yPred]], classes);
  const counts = new Int32Array(k * k);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i] * k + yPred[i]]++;
  return { classes: k, counts, n: yTrue.length };
}

function cm(fn: string, yTrue: Numeric, yPred: Numeric, classes?: number): ConfusionMatrix {
  checkNonEmpty(fn, 'yTrue', yTrue);
  return build(fn, yTrue, yPred, classes);
}

/**
 * Accuracy = (1/n) Σ 1[ŷᵢ = yᵢ].
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @returns fraction in [0, 1]
 */
export function accuracy(yTrue: Numeric, yPred: Numeric): number {
  const m = cm('accuracy', yTrue, yPred);
  return accuracyFromConfusion(m);
}

/**
 * Accuracy from a confusion matrix: trace / n.
 * @param m confusion matrix
 * @returns trace / n in [0, 1] (NaN when n = 0)
 */
export function accuracyFromConfusion(m: ConfusionMatrix): number {
  let hit = 0;
  for (let c = 0; c < m.classes; c++) hit += m.counts[c * m.classes + c];
  return m.n ? hit / m.n : NaN;
}

/** Per-class [tp, fp, fn, support] from a confusion matrix. */
function classCounts(m: ConfusionMatrix, c: number): [number, number, number, number] {
  const k = m.classes;
  const tp = m.counts[c * k + c];
  let col = 0;
  let row = 0;
  for (let j = 0; j < k; j++) {
    col += m.counts[j * k + c];
    row += m.counts[c * k + j];
  }
  return [tp, col - tp, row - tp, row];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Balanced accuracy = mean over classes present in `yTrue` of recall_c = TP_c / (TP_c + FN_c).
 * Classes that never occur in `yTrue` are skipped (scikit-learn's convention).
 * @returns fraction in [0, 1]
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param options `classes` (default inferred)
 */
export function balancedAccuracy(yTrue: Numeric, yPred: Numeric, options: Pick<ClassificationOptions, 'classes'> = {}): number {
  return balancedAccuracyFromConfusion(cm('balancedAccuracy', yTrue, yPred, options.classes));
}

/**
 * Balanced accuracy from a confusion matrix.
 * @param m confusion matrix
 * @returns mean recall over present classes (NaN when n = 0)
 */
export function balancedAccuracyFromConfusion(m: ConfusionMatrix): number {
  let s = 0;
  let present = 0;
  for (let c = 0; c < m.classes; c++) {
    const [tp, , , support] = classCounts(m, c);
    if (support > 0) {
      s += tp / support;
      present++;
    }
  }
  return present ? s / present : NaN;
}

/** Precision, recall and F1 of one averaging scheme. */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
  average: 'binary' | 'macro';
}

/**
 * Precision TP/(TP+FP), recall TP/(TP+FN), F1 = 2PR/(P+R) (0 where a denominator is 0).
 * Binary: of class `positive` (default 1). Macro: the unweighted mean of the per-class values
 * over all k classes (macro-F1 is the mean of per-class F1, not the F1 of the mean P and R).
 * @returns {precision, recall, f1, average}
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param options classes, average (binary for k = 2, else macro), positive (1)
 */
export function precisionRecallF1(yTrue: Numeric, yPred: Numeric, options: ClassificationOptions = {}): PrecisionRecallF1 {
  return precisionRecallF1FromConfusion(cm('precisionRecallF1', yTrue, yPred, options.classes), options);
}

/**
 * {@link precisionRecallF1} from a confusion matrix.
 * @param m confusion matrix
 * @param options average, positive (see {@link ClassificationOptions})
 * @returns {precision, recall, f1, average}
 */
export function precisionRecallF1FromConfusion(m: ConfusionMatrix, options: ClassificationOptions = {}): PrecisionRecallF1 {
  const average = options.average ?? (m.classes === 2 ? 'binary' : 'macro');
  const one = (c: number): [number, number, number] => {
    const [tp, fp, fn] = classCounts(m, c);
    const p = ratio(tp, tp + fp);
    const r = ratio(tp, tp + fn);
    return [p, r, ratio(2 * p * r, p + r)];
  };
  if (average === 'binary') {
    const pos = options.positive ?? classificationDefaults.positive;
    if (!Number.isInteger(pos) || pos < 0 || pos >= m.classes) {
      throw inputError({ key: 'precisionRecallF1(options.positive)' }, `a class index in 0..${m.classes - 1}`, show(pos));
    }
    const [precision, recall, f1] = one(pos);
    return { precision, recall, f1, average };
  }
  let sp = 0;
  let sr = 0;
  let sf = 0;
  for (let c = 0; c < m.classes; c++) {
    const [p, r, f] = one(c);
    sp += p;
    sr += r;
    sf += f;
  }
  return { precision: sp / m.classes, recall: sr / m.classes, f1: sf / m.classes, average };
}

/**
 * Matthews correlation coefficient, multiclass form (Gorodkin's R_K; equals the binary
 * (TP·TN − FP·FN)/√((TP+FP)(TP+FN)(TN+FP)(TN+FN)) for k = 2):
 * MCC = (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)), c = trace, s = n, p_k/t_k = predicted/true counts.
 * @returns value in [−1, 1]; 0 when the denominator is 0 (e.g. a constant prediction)
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param options `classes` (default inferred)
 */
export function mcc(yTrue: Numeric, yPred: Numeric, options: Pick<ClassificationOptions, 'classes'> = {}): number {
  return mccFromConfusion(cm('mcc', yTrue, yPred, options.classes));
}

/**
 * {@link mcc} from a confusion matrix.
 * @param m confusion matrix
 * @returns MCC in [−1, 1]; 0 when the denominator is 0
 */
export function mccFromConfusion(m: ConfusionMatrix): number {
  const k = m.classes;
  let c = 0;
  let pt = 0;
  let p2 = 0;
  let t2 = 0;
  for (let a = 0; a < k; a++) {
    c += m.counts[a * k + a];
    let pa = 0;
    let ta = 0;
    for (let b = 0; b < k; b++) {
      pa += m.counts[b * k + a];
      ta += m.counts[a * k + b];
    }
    pt += pa * ta;
    p2 += pa * pa;
    t2 += ta * ta;
  }
  const s = m.n;
  const den = Math.sqrt(s * s - p2) * Math.sqrt(s * s - t2);
  return den === 0 ? 0 : (c * s - pt) / den;
}

/** All label metrics of one prediction set. */
export interface ClassificationReport extends PrecisionRecallF1 {
  n: number;
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
  confusion: ConfusionMatrix;
}

/**
 * Every label metric at once (one pass to build the confusion matrix).
 * @param yTrue true classes, length n >= 1
 * @param yPred predicted classes, length n
 * @param options classes / average / positive, see {@link ClassificationOptions}
 * @returns {n, accuracy, balancedAccuracy, precision, recall, f1, average, mcc, confusion}
 */
export function classificationReport(yTrue: Numeric, yPred: Numeric, options: ClassificationOptions = {}): ClassificationReport {
  const m = cm('classificationReport', yTrue, yPred, options.classes);
  return {
    n: m.n,
    accuracy: accuracyFromConfusion(m),
    balancedAccuracy: balancedAccuracyFromConfusion(m),
    ...precisionRecallF1FromConfusion(m, options),
    mcc: mccFromConfusion(m),
    confusion: m,
  };
}
