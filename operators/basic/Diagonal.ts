import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { type AxisKernel, type AxisWindow, localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseArray, parseAxis, parseDims, parseDType, specArray } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';

export interface DiagonalParams {
  /** The diagonal (complex interleaved for complex dtypes). */
  diag: ArrayLike<number>;
  /** Model shape; when given with `axis`, a 1-D `diag` of length `dims[axis]` is broadcast. @defaultValue [diag.length] */
  dims?: number | readonly number[];
  /** Axis along which a 1-D `diag` is broadcast. @defaultValue -1 */
  axis?: number;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Element-wise multiplication by a vector.
 *
 * Forward: y[i] = d[i] x[i]; adjoint: x[i] = conj(d[i]) y[i]. With `dims` and `axis`, a 1-D `diag` of
 * length dims[axis] is broadcast along every other axis: y[..., k, ...] = d[k] x[..., k, ...].
 *
 * @example
 * const D = new Diagonal({ diag: [1, 2, 3] });
 * D.matvec(new Float64Array([1, 1, 1])); // [1, 2, 3]
 */
export class Diagonal extends LinearOperator {
  readonly diag: FloatArray;
  readonly axis: number;
  private readonly kernel: AxisKernel;
  private readonly broadcast: boolean;

  constructor(params: DiagonalParams) {
    const dtype = parseDType('Diagonal', params.dtype);
    const diag = parseArray('Diagonal', 'diag', params.diag, dtype);
    const n = isComplex(dtype) ? diag.length / 2 : diag.length;
    const dims = params.dims === undefined ? [n] : parseDims('Diagonal', params.dims);
    super({ dims, dimsd: dims, dtype });
    this.axis = parseAxis('Diagonal', params.axis ?? -1, dims.length);
    this.broadcast = prod(dims) !== n;
    if (this.broadcast && dims[this.axis] !== n) {
      throw new InvalidParameterError('Diagonal', 'diag', `length ${n}`, `of length prod(dims)=${prod(dims)} or dims[axis]=${dims[this.axis]}`);
    }
    this.diag = diag;
    this.kernel = diagonalKernel(diag, isComplex(dtype));
  }

  /** The kernel along `axis`; a full (not broadcast) diagonal is viewed along the flattened array. */
  axisKernel(): AxisKernel {
    return this.kernel;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dims));
    this.kernel.forward(x, y, this.window());
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.dtype, prod(this.dims));
    this.kernel.adjoint(y, x, this.window());
    return x;
  }

  private window(): AxisWindow {
    return this.broadcast ? localWindow(this.dims, this.axis, isComplex(this.dtype)) : localWindow([prod(this.dims)], 0, isComplex(this.dtype));
  }

  toSpec(): Spec {
    return { op: 'Diagonal', params: { diag: specArray(this.diag), dims: [...this.dims], axis: this.axis, dtype: this.dtype } };
  }
}

/** Multiplication by d[k] along the axis (conj(d[k]) in the adjoint); no halo. */
function diagonalKernel(d: FloatArray, complex: boolean): AxisKernel {
  const apply = (conj: number) => (x: FloatArray, y: FloatArray, w: AxisWindow) => {
    const pairs = complex ? w.inner / 2 : w.inner;
    for (let o = 0; o < w.outer; o++) {
      for (let k = 0; k < w.count; k++) {
        const g = w.start + k;
        const base = (o * (w.count + w.left + w.right) + k + w.left) * w.inner;
        const out = (o * w.count + k) * w.inner;
        if (!complex) {
          const dk = d[g];
          for (let j = 0; j < pairs; j++) y[out + j] = dk * x[base + j]; // y[k] = d[k] x[k]
          continue;
        }
        const re = d[2 * g];
        const im = conj * d[2 * g + 1];
        for (let j = 0; j < 2 * pairs; j += 2) {
          const xr = x[base + j];
          const xi = x[base + j + 1];
          y[out + j] = re * xr - im * xi; // (re + i im)(xr + i xi)
          y[out + j + 1] = re * xi + im * xr;
        }
      }
    }
  };
  return { halo: [0, 0], haloAdjoint: [0, 0], forward: apply(1), adjoint: apply(-1) };
}

registerOperator('Diagonal', (p) => new Diagonal(p as unknown as DiagonalParams));
