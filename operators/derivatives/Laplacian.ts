import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseBool, parseDims, parseDType, parseNumber } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { applyAxisSum } from './apply.ts';
import { parseKind, parsePerAxis, parseSampling } from './params.ts';
import { type Kind, divide, secondDerivativeStencil } from './stencils.ts';
import { stencilKernel } from './StencilKernel.ts';
import type { AxisTerm } from './types.ts';

export interface LaplacianParams {
  /** Model shape (at least as many axes as `axes` refers to). */
  dims: number | readonly number[];
  /** Axes of the second derivatives. @defaultValue [-2, -1] */
  axes?: readonly number[];
  /** Weight of each axis. @defaultValue [1, 1] */
  weights?: readonly number[];
  /** Sampling step of each axis. @defaultValue [1, 1] */
  sampling?: readonly number[];
  /** One-sided stencils at the edges (centered derivatives). @defaultValue false */
  edge?: boolean;
  /** Kind of the derivative along the FIRST axis only (PyLops); the others are centered. @defaultValue 'centered' */
  kind?: Kind;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Weighted sum of second derivatives, as PyLops' Laplacian:
 *
 * Forward: y = Σ_k weights[k] · D2(axis = axes[k], sampling = sampling[k]) x, summed left to right;
 * adjoint: x = Σ_k weights[k] · D2_k^T y. `edge` applies to every axis; `kind` only to axes[0] — the
 * other axes always use the centered stencil (a PyLops quirk kept on purpose).
 *
 * @example
 * const L = new Laplacian({ dims: [11, 21], weights: [3, 1] });
 */
export class Laplacian extends LinearOperator {
  readonly axes: readonly number[];
  readonly weights: readonly number[];
  readonly sampling: readonly number[];
  readonly edge: boolean;
  readonly kind: Kind;
  private readonly terms: AxisTerm[];

  constructor(params: LaplacianParams) {
    const op = 'Laplacian';
    const dtype = parseDType(op, params.dtype);
    const dims = parseDims(op, params.dims);
    super({ dims, dimsd: dims, dtype });
    const axesIn = params.axes ?? [-2, -1];
    if (!Array.isArray(axesIn) || axesIn.length === 0) throw new InvalidParameterError(op, 'axes', axesIn, 'a non-empty list of axes');
    this.axes = axesIn.map((a, i) => parseAxis(op, a, dims.length, `axes[${i}]`));
    const n = this.axes.length;
    this.weights = parsePerAxis(op, 'weights', params.weights, n, [1, 1], (v, name) => parseNumber(op, name, v, 1));
    this.sampling = parsePerAxis(op, 'sampling', params.sampling, n, [1, 1], (v, name) => parseSampling(op, v, name));
    this.edge = parseBool(op, 'edge', params.edge, false);
    this.kind = parseKind(op, params.kind);
    this.terms = this.axes.map((axis, k) => {
      const stencil = divide(secondDerivativeStencil(k === 0 ? this.kind : 'centered', this.edge), this.sampling[k] ** 2);
      return { axis, kernel: stencilKernel(stencil, dims[axis], { operator: op, dims, axis }), weight: this.weights[k], component: 0 };
    });
  }

  /** One second-derivative kernel per entry of `axes`, with its weight (see AxisTerm). */
  axisKernels(): AxisTerm[] {
    return this.terms.map((t) => ({ ...t }));
  }

  protected forward(x: FloatArray): FloatArray {
    return this.run(x, false);
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.run(y, true);
  }

  private run(v: FloatArray, adjoint: boolean): FloatArray {
    const out = alloc(this.dtype, prod(this.dims));
    applyAxisSum(this.dims, isComplex(this.dtype), this.terms.map((t) => ({ ...t, input: v })), adjoint, out);
    return out;
  }

  toSpec(): Spec {
    const { dims, axes, weights, sampling, edge, kind, dtype } = this;
    return { op: 'Laplacian', params: { dims: [...dims], axes: [...axes], weights: [...weights], sampling: [...sampling], edge, kind, dtype } };
  }
}

registerOperator('Laplacian', (p) => new Laplacian(p as unknown as LaplacianParams));
