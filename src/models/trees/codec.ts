/**
 * Compact, exact JSON encoding of typed arrays for saved tree models: base64 of the little-endian bytes.
 */
import { inputError } from '../../util/errors';

/** A typed array as JSON: element type and base64 bytes. */
export interface EncodedArray {
  type: 'f64' | 'f32' | 'i32' | 'u8';
  b64: string;
}

type Encodable = Float64Array | Float32Array | Int32Array | Uint8Array;

/**
 * Encodes a typed array as base64 (exact: the bytes round-trip).
 * @param a the array (not modified)
 * @returns `{type, b64}`
 */
export function encodeArray(a: Encodable): EncodedArray {
  const type = a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'u8';
  return { type, b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') };
}

function decodeBytes(e: EncodedArray, type: EncodedArray['type'], where: string): Buffer {
  if (!e || typeof e !== 'object' || e.type !== type || typeof e.b64 !== 'string') {
    throw inputError({ key: where }, `an encoded ${type} array {type, b64}`, JSON.stringify(e)?.slice(0, 60));
  }
  const buf = Buffer.from(e.b64, 'base64');
  // copy into a fresh, aligned buffer
  const out = Buffer.alloc(buf.length);
  buf.copy(out);
  return out;
}

/** Decodes a Float64Array written by {@link encodeArray}. @param where key path for errors */
export function decodeF64(e: EncodedArray, where: string): Float64Array {
  const b = decodeBytes(e, 'f64', where);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8).slice();
}

/** Decodes an Int32Array written by {@link encodeArray}. @param where key path for errors */
export function decodeI32(e: EncodedArray, where: string): Int32Array {
  const b = decodeBytes(e, 'i32', where);
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
}

/** Decodes a Uint8Array written by {@link encodeArray}. @param where key path for errors */
export function decodeU8(e: EncodedArray, where: string): Uint8Array {
  return new Uint8Array(decodeBytes(e, 'u8', where));
}
