import { type DType, type FloatArray, isComplex, isSingle, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { fromSpec } from '../core/spec.ts';

/**
 * Helpers shared by the composite operators (algebra and stacks): building children from specs,
 * deciding whether each side of a composite holds complex values, and moving real/complex blocks.
 */

/** What a child demands on one side: complex values, real values, or either (a real-matrix operator). */
export type Need = 'complex' | 'real' | 'any';

/** The demand of `op` on its model (`'model'`) or data (`'data'`) side. */
export function need(op: LinearOperator, side: 'model' | 'data'): Need {
  if (op.isReal) return 'any';
  return (side === 'model' ? op.modelComplex : op.dataComplex) ? 'complex' : 'real';
}

/** One side of a composite: complex if any part demands it, real if some part demands real, else `fallback`. */
export function resolve(needs: readonly Need[], fallback: boolean): boolean {
  if (needs.includes('complex')) return true;
  if (needs.includes('real')) return false;
  return fallback;
}

/** The side flags of a composite from the needs of its parts; `any` on both sides falls back to its dtype. */
export function sides(model: readonly Need[], data: readonly Need[], dtype: DType): { modelComplex: boolean; dataComplex: boolean } {
  return { modelComplex: resolve(model, isComplex(dtype)), dataComplex: resolve(data, isComplex(dtype)) };
}

/**
 * A child operator given as a LinearOperator or as a spec `{op, params}` (built with `fromSpec`).
 * `owner` and `name` name the argument in the error.
 */
export function operand(owner: string, name: string, value: unknown): LinearOperator {
  if (value instanceof LinearOperator) return value;
  if (value && typeof value === 'object' && typeof (value as Spec).op === 'string') return fromSpec(value as Spec);
  throw new InvalidParameterError(owner, name, value, 'a LinearOperator or a spec {op, params}');
}

/** A non-empty list of operands. */
export function operands(owner: string, name: string, value: unknown): LinearOperator[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParameterError(owner, name, value, 'a non-empty list of operators or specs');
  return value.map((v, i) => operand(owner, `${name}[${i}]`, v));
}

/** True when `v` holds `n` complex (interleaved) values rather than `n` real ones. */
export function holdsComplex(v: FloatArray, n: number): boolean {
  return v.length === 2 * n && n > 0;
}

/** The complex conjugate of `v` (a new array) if it holds complex values; real `v` is returned as is. */
export function conjugate(v: FloatArray, n: number): FloatArray {
  if (!holdsComplex(v, n)) return v;
  const out = v.slice();
  for (let i = 1; i < out.length; i += 2) out[i] = -out[i]; // conj(re + i im) = re - i im
  return out;
}

/** `v` (n values) as real or complex interleaved storage: real -> complex pads zero imaginary parts, complex -> real keeps the real part. */
export function conform(v: FloatArray, n: number, complex: boolean): FloatArray {
  const isCplx = holdsComplex(v, n);
  if (isCplx === complex) return v;
  const out = new (v.constructor as Float64ArrayConstructor)(complex ? 2 * n : n);
  if (complex) for (let i = 0; i < n; i++) out[2 * i] = v[i];
  else for (let i = 0; i < n; i++) out[i] = v[2 * i];
  return out;
}

/**
 * out[offset + i] (+)= part[i] for the `n` values of `part`; `out` is complex interleaved when `outComplex`.
 * A real part adds to the real components; a complex part into a real `out` contributes its real part.
 */
export function addInto(out: FloatArray, outComplex: boolean, offset: number, part: FloatArray, n: number, accumulate: boolean): void {
  const partComplex = holdsComplex(part, n);
  if (outComplex === partComplex) {
    const base = outComplex ? 2 * offset : offset;
    if (!accumulate) out.set(part, base);
    else for (let i = 0; i < part.length; i++) out[base + i] += part[i];
    return;
  }
  for (let i = 0; i < n; i++) {
    const re = partComplex ? part[2 * i] : part[i];
    const k = outComplex ? 2 * (offset + i) : offset + i;
    out[k] = accumulate ? out[k] + re : re;
    if (outComplex && !accumulate) out[k + 1] = 0;
  }
}

/** Storage for `n` values of a composite with element type `dtype` on a side that is complex or not. */
export function allocSide(dtype: DType, n: number, complex: boolean): FloatArray {
  return isSingle(dtype) ? new Float32Array(complex ? 2 * n : n) : new Float64Array(complex ? 2 * n : n);
}

/** The flat length of a side. */
export function size(dims: readonly number[]): number {
  return prod(dims);
}
