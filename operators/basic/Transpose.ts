import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';

export interface TransposeParams {
  /** Model shape. */
  dims: number | readonly number[];
  /** A permutation of 0..ndim-1 (negative axes count from the end). */
  axes: readonly number[];
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Permutation of the axes of an N-D array, numpy's `np.transpose(x, axes)`.
 *
 * Forward: y[i_0, ..., i_{d-1}] = x[j] with j[axes[k]] = i_k, so dimsd[k] = dims[axes[k]]; adjoint: the
 * inverse permutation, x = np.transpose(y, argsort(axes)).
 *
 * @example
 * const T = new Transpose({ dims: [2, 3], axes: [1, 0] }); // dimsd [3, 2]
 */
export class Transpose extends LinearOperator {
  readonly axes: readonly number[];
  private readonly inverse: readonly number[];

  constructor(params: TransposeParams) {
    const dtype = parseDType('Transpose', params.dtype);
    const dims = parseDims('Transpose', params.dims);
    const axes = parsePermutation('Transpose', 'axes', params.axes, dims.length);
    super({ dims, dimsd: axes.map((a) => dims[a]), dtype });
    this.axes = axes;
    this.inverse = axes.map((_, k) => axes.indexOf(k));
  }

  protected forward(x: FloatArray): FloatArray {
    return this.permute(x, this.dims, this.axes); // y = transpose(x, axes)
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.permute(y, this.dimsd, this.inverse); // x = transpose(y, argsort(axes))
  }

  private permute(v: FloatArray, dims: readonly number[], axes: readonly number[]): FloatArray {
    const out = alloc(this.dtype, prod(dims));
    permuteAxes(v, out, dims, axes, isComplex(this.dtype) ? 2 : 1);
    return out;
  }

  toSpec(): Spec {
    return { op: 'Transpose', params: { dims: [...this.dims], axes: [...this.axes], dtype: this.dtype } };
  }
}

/**
 * Pure kernel: dst = np.transpose(src, axes) for src of shape `dims`, each element `width` numbers wide
 * (2 for complex interleaved). dst is written in C order; src is read with the permuted strides.
 */
export function permuteAxes(src: FloatArray, dst: FloatArray, dims: readonly number[], axes: readonly number[], width: number): void {
  const nd = dims.length;
  const srcStride = new Array<number>(nd);
  for (let a = nd - 1, s = width; a >= 0; a--) {
    srcStride[a] = s;
    s *= dims[a];
  }
  const shape = axes.map((a) => dims[a]); // dst shape
  const stride = axes.map((a) => srcStride[a]); // src stride of each dst axis
  const last = shape[nd - 1];
  const lastStride = stride[nd - 1];
  const counter = new Array<number>(nd).fill(0);
  const rows = prod(shape) / last;
  let to = 0;
  for (let r = 0; r < rows; r++) {
    let from = 0;
    for (let k = 0; k < nd - 1; k++) from += counter[k] * stride[k];
    for (let i = 0; i < last; i++, from += lastStride) {
      for (let w = 0; w < width; w++) dst[to++] = src[from + w]; // y[..., i] = x[permuted index]
    }
    for (let k = nd - 2; k >= 0; k--) {
      if (++counter[k] < shape[k]) break;
      counter[k] = 0;
    }
  }
}

/** `axes` as a permutation of 0..ndim-1 (negative entries counted from the end). */
function parsePermutation(op: string, name: string, value: unknown, ndim: number): number[] {
  const must = `a permutation of 0..${ndim - 1}`;
  if (!Array.isArray(value) || value.length !== ndim || !value.every((a) => Number.isInteger(a) && a >= -ndim && a < ndim)) {
    throw new InvalidParameterError(op, name, value, must);
  }
  const axes = value.map((a: number) => (a + ndim) % ndim);
  if (new Set(axes).size !== ndim) throw new InvalidParameterError(op, name, value, must);
  return axes;
}

registerOperator('Transpose', (p) => new Transpose(p as unknown as TransposeParams));
