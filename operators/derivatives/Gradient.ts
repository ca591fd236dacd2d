import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseBool, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { applyAxisSum, applyKernel } from './apply.ts';
import { parseKind, parsePerAxis, parseSampling } from './params.ts';
import { type Kind, divide, firstDerivativeStencil } from './stencils.ts';
import { stencilKernel } from './StencilKernel.ts';
import type { AxisTerm } from './types.ts';

export interface GradientParams {
  /** Model shape: an int (1-D) or a list. */
  dims: number | readonly number[];
  /** Sampling step: one number for every axis, or one per axis. @defaultValue 1 */
  sampling?: number | readonly number[];
  /** One-sided stencils at the edges (centered only). @defaultValue false */
  edge?: boolean;
  /** @defaultValue 'centered' */
  kind?: Kind;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Gradient: the first derivatives along every axis stacked, as PyLops' Gradient (a VStack of
 * FirstDerivative(axis = k, sampling = sampling[k], edge, kind), order 3). dimsd = [ndim, ...dims].
 *
 * Forward: y[k] = D_k x for k = 0 .. ndim-1; adjoint: x = Σ_k D_k^T y[k], summed in increasing k.
 *
 * @example
 * const G = new Gradient({ dims: [11, 21], sampling: [0.5, 2], edge: true });
 * G.dimsd; // [2, 11, 21]
 */
export class Gradient extends LinearOperator {
  readonly sampling: readonly number[];
  readonly edge: boolean;
  readonly kind: Kind;
  protected readonly terms: AxisTerm[];

  constructor(params: GradientParams, op = 'Gradient') {
    const dtype = parseDType(op, params.dtype);
    const dims = parseDims(op, params.dims);
    super({ dims, dimsd: [dims.length, ...dims], dtype });
    this.sampling = parsePerAxis(op, 'sampling', params.sampling, dims.length, 1, (v, name) => parseSampling(op, v, name), true);
    this.edge = parseBool(op, 'edge', params.edge, false);
    this.kind = parseKind(op, params.kind);
    this.terms = gradientTerms(op, dims, this.sampling, this.edge, this.kind);
  }

  /** One first-derivative kernel per axis; term k writes slab k of the data (see AxisTerm). */
  axisKernels(): AxisTerm[] {
    return this.terms.map((t) => ({ ...t }));
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dimsd));
    gradientForward(this.terms, this.dims, isComplex(this.dtype), x, y);
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.dtype, prod(this.dims));
    gradientAdjoint(this.terms, this.dims, isComplex(this.dtype), y, x);
    return x;
  }

  toSpec(): Spec {
    const { dims, sampling, edge, kind, dtype } = this;
    return { op: 'Gradient', params: { dims: [...dims], sampling: [...sampling], edge, kind, dtype } };
  }
}

/** The first-derivative terms of a gradient, term k along axis k writing slab k. */
export function gradientTerms(op: string, dims: readonly number[], sampling: readonly number[], edge: boolean, kind: Kind): AxisTerm[] {
  return dims.map((n, axis) => {
    const stencil = divide(firstDerivativeStencil(kind, edge, 3), sampling[axis]);
    return { axis, kernel: stencilKernel(stencil, n, { operator: op, dims, axis }), weight: 1, component: axis };
  });
}

/** y[k] = D_k x: slab k of the stacked `y` (length ndim · size of x). */
export function gradientForward(terms: readonly AxisTerm[], dims: readonly number[], complex: boolean, x: FloatArray, y: FloatArray): void {
  const slab = x.length;
  for (const t of terms) applyKernel(t.kernel, dims, t.axis, complex, x, y.subarray(t.component * slab, (t.component + 1) * slab), false);
}

/** x = Σ_k D_k^T y[k], in increasing k. */
export function gradientAdjoint(terms: readonly AxisTerm[], dims: readonly number[], complex: boolean, y: FloatArray, x: FloatArray): void {
  const slab = x.length;
  const inputs = terms.map((t) => ({ ...t, input: y.subarray(t.component * slab, (t.component + 1) * slab) }));
  applyAxisSum(dims, complex, inputs, true, x);
}

registerOperator('Gradient', (p) => new Gradient(p as unknown as GradientParams));
