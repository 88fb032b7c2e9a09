/**
 * A fitted decision tree in flat typed arrays (node 0 is the root), its predictions on raw feature
 * rows and on binned columns, and its exact JSON encoding.
 */
import { decodeF64, decodeI32, decodeU8, encodeArray, type EncodedArray } from './codec';

/** A decision tree. Internal node j: `feature[j] >= 0`; leaf: `feature[j] = -1`. */
export interface Tree {
  /** Split feature per node, -1 for leaves. */
  feature: Int32Array;
  /** Raw-value threshold: value <= threshold goes left (Float64, exact). */
  threshold: Float64Array;
  /** The same threshold as a bin code: code <= bin goes left (codes of the training bins). */
  bin: Int32Array;
  /** 1 when missing values (NaN) go left. */
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Split gain per internal node (0 for leaves). */
  gain: Float64Array;
  /** Output values per node, `outputs` per node (row-major `[nodes, outputs]`); meaningful at leaves. */
  value: Float64Array;
  /** Values per leaf: 1 for boosted trees, the class count for forest classifiers. */
  outputs: number;
}

/** Number of nodes of a tree. */
export function treeSize(t: Tree): number {
  return t.feature.length;
}

/**
 * Leaf reached by row `i` of a row-major matrix.
 * @param x row-major `[n, features]`
 * @param features columns
 * @returns node index of the leaf
 */
export function leafOfRow(t: Tree, x: Float32Array, features: number, i: number): number {
  const feat = t.feature;
  let node = 0;
  const base = i * features;
  while (feat[node] >= 0) {
    const v = x[base + feat[node]];
    if (v !== v) node = t.defaultLeft[node] ? t.left[node] : t.right[node];
    else node = v <= t.threshold[node] ? t.left[node] : t.right[node];
  }
  return node;
}

/**
 * Leaf reached by row `i` of column-major bin codes.
 * @param bins codes `[features, n]` column-major
 * @param nBins per feature, the NaN code
 */
export function leafOfBinned(t: Tree, bins: Uint8Array, n: number, nBins: Int32Array, i: number): number {
  const feat = t.feature;
  let node = 0;
  while (feat[node] >= 0) {
    const f = feat[node];
    const b = bins[f * n + i];
    if (b === nBins[f]) node = t.defaultLeft[node] ? t.left[node] : t.right[node];
    else node = b <= t.bin[node] ? t.left[node] : t.right[node];
  }
  return node;
}

/**
 * Adds `scale` × the tree's single-output leaf value of every row to `out[i * stride + slot]`.
 * @param x row-major `[n, features]`
 * @param out accumulator, modified in place (it belongs to the caller of this internal helper)
 */
export function addTreeRaw(t: Tree, x: Float32Array, n: number, features: number, out: Float64Array, stride: number, slot: number): void {
  for (let i = 0; i < n; i++) out[i * stride + slot] += t.value[leafOfRow(t, x, features, i)];
}

/** Serialised tree (all arrays base64, exact). */
export interface EncodedTree {
  outputs: number;
  feature: EncodedArray;
  threshold: EncodedArray;
  bin: EncodedArray;
  defaultLeft: EncodedArray;
  left: EncodedArray;
  right: EncodedArray;
  gain: EncodedArray;
  value: EncodedArray;
}

/** Encodes a tree for model.json. */
export function encodeTree(t: Tree): EncodedTree {
  return {
    outputs: t.outputs,
    feature: encodeArray(t.feature),
    threshold: encodeArray(t.threshold),
    bin: encodeArray(t.bin),
    defaultLeft: encodeArray(t.defaultLeft),
    left: encodeArray(t.left),
    right: encodeArray(t.right),
    gain: encodeArray(t.gain),
    value: encodeArray(t.value),
  };
}

/** Decodes {@link encodeTree}'s output. @param where key path for errors */
export function decodeTree(e: EncodedTree, where: string): Tree {
  return {
    outputs: e.outputs,
    feature: decodeI32(e.feature, `${where}.feature`),
    threshold: decodeF64(e.threshold, `${where}.threshold`),
    bin: decodeI32(e.bin, `${where}.bin`),
    defaultLeft: decodeU8(e.defaultLeft, `${where}.defaultLeft`),
    left: decodeI32(e.left, `${where}.left`),
    right: decodeI32(e.right, `${where}.right`),
    gain: decodeF64(e.gain, `${where}.gain`),
    value: decodeF64(e.value, `${where}.value`),
  };
}

/** Bytes a tree takes in memory / on disk before base64. */
export function treeBytes(t: Tree): number {
  return t.feature.length * (4 + 8 + 4 + 1 + 4 + 4 + 8) + t.value.length * 8;
}
