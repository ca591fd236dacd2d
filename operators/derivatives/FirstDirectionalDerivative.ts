import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseBool, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { DirectionField } from './DirectionField.ts';
import { gradientAdjoint, gradientForward, gradientTerms } from './Gradient.ts';
import { parseKind, parsePerAxis, parseSampling } from './params.ts';
import type { Kind } from './stencils.ts';
import type { AxisTerm } from './types.ts';

export interface FirstDirectionalDerivativeParams {
  /** Model shape. */
  dims: number | readonly number[];
  /** Direction: ndim numbers, or a field `{shape: [ndim, ...dims], data}` (complex interleaved for complex dtypes). */
  v: ArrayLike<number> | { shape: readonly number[]; data: ArrayLike<number> };
  /** Sampling step: one number, or one per axis. @defaultValue 1 */
  sampling?: number | readonly number[];
  /** @defaultValue false */
  edge?: boolean;
  /** @defaultValue 'centered' */
  kind?: Kind;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Derivative along a direction v, as PyLops' FirstDirectionalDerivative (Sum · Diagonal(v) · Gradient):
 *
 * Forward: y = Σ_k v_k ⊙ D_k x (D_k: first derivative along axis k, Gradient's kernels), summed in
 * increasing k; adjoint: x = Σ_k D_k^T (conj(v_k) ⊙ y). v is constant or varies per point.
 *
 * For the distributed layer: `axisKernels()` are the Gradient terms; the forward is
 * y = ((0 + v_0 ⊙ K_0 x) + v_1 ⊙ K_1 x) + ..., the adjoint runs the Gradient adjoint on the stacked
 * u_k = conj(v_k) ⊙ y (see DirectionField.multiply for the arithmetic).
 *
 * @example
 * const Dv = new FirstDirectionalDerivative({ dims: [11, 21], v: [Math.SQRT1_2, Math.SQRT1_2] });
 */
export class FirstDirectionalDerivative extends LinearOperator {
  readonly v: DirectionField;
  readonly sampling: readonly number[];
  readonly edge: boolean;
  readonly kind: Kind;
  private readonly terms: AxisTerm[];

  constructor(params: FirstDirectionalDerivativeParams, op = 'FirstDirectionalDerivative') {
    const dtype = parseDType(op, params.dtype);
    const dims = parseDims(op, params.dims);
    super({ dims, dimsd: dims, dtype });
    this.v = DirectionField.parse(op, params.v, dims, dtype);
    this.sampling = parsePerAxis(op, 'sampling', params.sampling, dims.length, 1, (s, name) => parseSampling(op, s, name), true);
    this.edge = parseBool(op, 'edge', params.edge, false);
    this.kind = parseKind(op, params.kind);
    this.terms = gradientTerms(op, dims, this.sampling, this.edge, this.kind);
  }

  /** The Gradient terms (one first derivative per axis, term k on component k of v). */
  axisKernels(): AxisTerm[] {
    return this.terms.map((t) => ({ ...t }));
  }

  protected forward(x: FloatArray): FloatArray {
    const cplx = isComplex(this.dtype);
    const g = alloc(this.dtype, prod(this.dims) * this.dims.length);
    gradientForward(this.terms, this.dims, cplx, x, g);
    const y = alloc(this.dtype, prod(this.dims));
    for (let k = 0; k < this.dims.length; k++) this.v.multiply(k, g.subarray(k * y.length, (k + 1) * y.length), y, k > 0, false);
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const cplx = isComplex(this.dtype);
    const u = alloc(this.dtype, prod(this.dims) * this.dims.length);
    for (let k = 0; k < this.dims.length; k++) this.v.multiply(k, y, u.subarray(k * y.length, (k + 1) * y.length), false, true);
    const x = alloc(this.dtype, prod(this.dims));
    gradientAdjoint(this.terms, this.dims, cplx, u, x);
    return x;
  }

  toSpec(): Spec {
    const { dims, sampling, edge, kind, dtype } = this;
    return { op: 'FirstDirectionalDerivative', params: { dims: [...dims], v: this.v.toSpec(dims), sampling: [...sampling], edge, kind, dtype } };
  }
}

registerOperator('FirstDirectionalDerivative', (p) => new FirstDirectionalDerivative(p as unknown as FirstDirectionalDerivativeParams));
