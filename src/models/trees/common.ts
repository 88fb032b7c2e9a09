/** Small helpers shared by the tree families: task checks and probability/class conversions. */
import { inputError } from '../../util/errors';
import { taskClasses, type Task } from '../types';
import { sigmoid, softmaxRows } from './objectives';

const TASKS: Task[] = ['binary', 'ternary', 'multiclass', 'regression'];

/** Checks a `task` hyperparameter. @param family registry key for messages */
export function checkTask(family: string, task: string): Task {
  if (!(TASKS as string[]).includes(task)) throw inputError({ key: `${family}.task` }, `one of ${TASKS.join(', ')}`, JSON.stringify(task));
  return task as Task;
}

/**
 * Class count of a task: 2 / 3 / `classes` (multiclass, >= 2) / 1 (regression).
 * @param classes the `classes` hyperparameter (used by `multiclass` only)
 */
export function classesOf(family: string, task: Task, classes: number): number {
  if (task === 'multiclass') {
    if (!(Number.isInteger(classes) && classes >= 2 && classes <= 1000)) {
      throw inputError({ key: `${family}.classes` }, 'an integer class count >= 2 for task multiclass', JSON.stringify(classes));
    }
    return classes;
  }
  return taskClasses(task);
}

/**
 * Class probabilities from margins: sigmoid for one margin per row (2 classes), softmax otherwise.
 * @param margin `[n, 1]` (binary) or `[n, classes]`
 * @returns Float32Array `[n, classes]`
 */
export function marginsToProba(margin: Float64Array, n: number, classes: number): Float32Array {
  const out = new Float32Array(n * classes);
  if (classes === 2 && margin.length === n) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  out.set(softmaxRows(margin, n, classes));
  return out;
}

/**
 * Most probable class per row (ties go to the lower class index).
 * @param proba `[n, classes]`
 * @returns Float32Array of class indices, length n
 */
export function probaToClass(proba: Float32Array | Float64Array, n: number, classes: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (proba[i * classes + k] > proba[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}
