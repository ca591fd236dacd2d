/** Element types, their typed-array storage and PyLops-style promotion. */

export type DType = 'float32' | 'float64' | 'complex64' | 'complex128';
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128'];

export function isDType(d: unknown): d is DType {
  return typeof d === 'string' && (DTYPES as readonly string[]).includes(d);
}
export function isComplex(d: DType): boolean {
  return d === 'complex64' || d === 'complex128';
}
export function isSingle(d: DType): boolean {
  return d === 'float32' || d === 'complex64';
}
/** The real dtype of the same precision (complex128 -> float64). */
export function realOf(d: DType): DType {
  return isSingle(d) ? 'float32' : 'float64';
}
/** The complex dtype of the same precision (float32 -> complex64). */
export function complexOf(d: DType): DType {
  return isSingle(d) ? 'complex64' : 'complex128';
}
/** numpy's result_type for our four dtypes: complex if any is, double if any is. */
export function promote(...ds: DType[]): DType {
  const cplx = ds.some(isComplex);
  const single = ds.every(isSingle);
  return cplx ? (single ? 'complex64' : 'complex128') : single ? 'float32' : 'float64';
}
/** Allocates storage for `n` elements of dtype `d` (complex: 2n interleaved numbers). */
export function alloc(d: DType, n: number): FloatArray {
  const len = isComplex(d) ? 2 * n : n;
  return isSingle(d) ? new Float32Array(len) : new Float64Array(len);
}
/** Storage for `len` raw numbers in the precision of `d`. */
export function allocRaw(d: DType, len: number): FloatArray {
  return isSingle(d) ? new Float32Array(len) : new Float64Array(len);
}
export function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array;
}
/** Copies `xs` into storage of dtype `d`'s precision. */
export function toStorage(d: DType, xs: ArrayLike<number>): FloatArray {
  return isSingle(d) ? Float32Array.from(xs) : Float64Array.from(xs);
}
export function prod(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}
