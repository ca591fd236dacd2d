import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { type AxisKernel, localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { convolveKernel } from './convolveKernel.ts';
import { boxFilter, boxLength } from './Smoothing1D.ts';

export interface Smoothing2DParams {
  /** Box lengths [n0, n1] along `axes` (a number applies to both); even lengths are incremented by 1. */
  nsmooth: number | readonly [number, number];
  /** Model shape (at least 2-D). */
  dims: readonly number[];
  /** The two axes to smooth along. @defaultValue [-2, -1] */
  axes?: readonly [number, number];
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/** One pass of the separable box: its axis and its convolution kernel. */
export interface AxisPass {
  readonly axis: number;
  readonly kernel: AxisKernel;
}

/**
 * Two-dimensional moving average over `axes` (PyLops' `Smoothing2D`), zero padding at the edges:
 *
 *   y[i, k] = 1 / (n0 n1) sum_{|a| <= (n0-1)/2} sum_{|b| <= (n1-1)/2} x[i + a, k + b]
 *
 * (n0, n1 = nsmooth, each incremented when even). PyLops evaluates it as one 2-D convolution; here the
 * box is separable, so it is the Smoothing1D kernel along axes[0] followed by the one along axes[1]
 * (equal to PyLops up to round-off, ~1e-16). The intermediate is kept in Float64 (PyLops even returns
 * float64 for float32 input here; our float32 result is rounded once). The operator is
 * symmetric; the adjoint runs the passes' adjoints in reverse order.
 *
 * @example
 * const S = new Smoothing2D({ nsmooth: [3, 3], dims: [10, 12] });
 */
export class Smoothing2D extends LinearOperator {
  readonly nsmooth: readonly [number, number];
  readonly axes: readonly [number, number];
  /** The passes in forward order, for the distributed layer. */
  readonly passes: readonly AxisPass[];

  constructor(params: Smoothing2DParams) {
    const name = new.target.name;
    const dtype = parseDType(name, params.dtype);
    const dims = parseDims(name, params.dims);
    const axes = parseAxes(name, params.axes ?? [-2, -1], dims.length);
    const nsmooth = parseNsmooth(name, params.nsmooth);
    super({ dims, dimsd: dims, dtype });
    this.nsmooth = nsmooth;
    this.axes = axes;
    this.passes = axes.map((axis, k) => ({ axis, kernel: convolveKernel(boxFilter(nsmooth[k]), (nsmooth[k] - 1) / 2) }));
  }

  protected forward(x: FloatArray): FloatArray {
    return this.run(x, false);
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.run(y, true);
  }

  /** Applies the passes (reversed for the adjoint); the intermediate is Float64. */
  private run(v: FloatArray, adjoint: boolean): FloatArray {
    const cplx = isComplex(this.dtype);
    const size = prod(this.dims);
    const [first, second] = adjoint ? [this.passes[1], this.passes[0]] : this.passes;
    const mid = alloc(cplx ? 'complex128' : 'float64', size);
    const out = alloc(this.dtype, size);
    const apply = (p: AxisPass, a: FloatArray, b: FloatArray) =>
      (adjoint ? p.kernel.adjoint : p.kernel.forward)(a, b, localWindow(this.dims, p.axis, cplx));
    apply(first, v, mid);
    apply(second, mid, out);
    return out;
  }

  toSpec(): Spec {
    return { op: 'Smoothing2D', params: { nsmooth: [...this.nsmooth], dims: [...this.dims], axes: [...this.axes], dtype: this.dtype } };
  }
}

function parseAxes(name: string, axes: unknown, ndim: number): [number, number] {
  if (!Array.isArray(axes) || axes.length !== 2) throw new InvalidParameterError(name, 'axes', axes, 'a list of two axes');
  const parsed: [number, number] = [parseAxis(name, axes[0], ndim, 'axes[0]'), parseAxis(name, axes[1], ndim, 'axes[1]')];
  if (parsed[0] === parsed[1]) throw new InvalidParameterError(name, 'axes', axes, 'two different axes');
  return parsed;
}

function parseNsmooth(name: string, nsmooth: unknown): [number, number] {
  const pair = typeof nsmooth === 'number' ? [nsmooth, nsmooth] : nsmooth;
  if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidParameterError(name, 'nsmooth', nsmooth, 'a positive integer or a list of two');
  return [boxLength(name, 'nsmooth[0]', pair[0]), boxLength(name, 'nsmooth[1]', pair[1])];
}

registerOperator('Smoothing2D', (p) => new Smoothing2D(p as unknown as Smoothing2DParams));
