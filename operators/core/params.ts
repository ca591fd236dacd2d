import { type DType, type FloatArray, isComplex, isDType, toStorage } from './dtype.ts';
import { InvalidParameterError } from './errors.ts';

/** Parameter parsing shared by every operator: PyLops names, PyLops defaults, typed errors. */

/** `dims` as PyLops takes it: an int (1-D) or a non-empty list of positive ints. */
export function parseDims(op: string, dims: unknown, name = 'dims'): number[] {
  const list = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(list) || list.length === 0 || !list.every((n) => Number.isInteger(n) && n > 0)) {
    throw new InvalidParameterError(op, name, dims, 'a positive integer or a non-empty list of positive integers');
  }
  return list as number[];
}

/** Normalises a possibly negative `axis` against `ndim`. */
export function parseAxis(op: string, axis: unknown, ndim: number, name = 'axis'): number {
  if (!Number.isInteger(axis) || (axis as number) < -ndim || (axis as number) >= ndim) {
    throw new InvalidParameterError(op, name, axis, `an integer in [${-ndim}, ${ndim - 1}] for ${ndim}-D dims`);
  }
  return ((axis as number) + ndim) % ndim;
}

export function parseDType(op: string, dtype: unknown, fallback: DType = 'float64'): DType {
  if (dtype === undefined || dtype === null) return fallback;
  if (!isDType(dtype)) throw new InvalidParameterError(op, 'dtype', dtype, 'one of float32, float64, complex64, complex128');
  return dtype;
}

export function parseChoice<T extends string>(op: string, name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (!choices.includes(value as T)) throw new InvalidParameterError(op, name, value, `one of ${choices.join(', ')}`);
  return value as T;
}

export function parseNumber(op: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidParameterError(op, name, value, 'a finite number');
  return value;
}

export function parseBool(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new InvalidParameterError(op, name, value, 'true or false');
  return value;
}

/** A flat array parameter (`diag`, `h`, ...) stored in the precision of `dtype` (complex interleaved). */
export function parseArray(op: string, name: string, value: unknown, dtype: DType): FloatArray {
  const data = value && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) ? (value as { data?: unknown }).data : value;
  if (!(Array.isArray(data) || ArrayBuffer.isView(data)) || !Array.from(data as ArrayLike<unknown>).every((v) => typeof v === 'number')) {
    throw new InvalidParameterError(op, name, value, 'an array of numbers');
  }
  const arr = toStorage(dtype, data as ArrayLike<number>);
  if (isComplex(dtype) && arr.length % 2 !== 0) throw new InvalidParameterError(op, name, value, 'complex values as interleaved [re, im] pairs');
  return arr;
}

/** An N-D array parameter in spec form `{shape, data}` (or a flat list with a known shape). */
export function parseMatrix(op: string, name: string, value: unknown, dtype: DType): { shape: number[]; data: FloatArray } {
  const v = value as { shape?: unknown; data?: unknown };
  if (!v || typeof v !== 'object' || !Array.isArray(v.shape)) {
    throw new InvalidParameterError(op, name, value, 'an object {shape: number[], data: number[]}');
  }
  const shape = parseDims(op, v.shape, `${name}.shape`);
  return { shape, data: parseArray(op, name, v.data, dtype) };
}

/** Arrays in specs: plain number lists, so JSON round-trips them. */
export function specArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}
