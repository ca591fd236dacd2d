import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { LinearOperator } from '../core/LinearOperator.ts';
import { parseAxis, parseBool, parseDims, parseDType } from '../core/params.ts';
import { applyKernel } from './apply.ts';
import { parseKind, parseSampling } from './params.ts';
import { type Kind, type Stencil, divide } from './stencils.ts';
import { stencilKernel } from './StencilKernel.ts';
import type { AxisTerm, StencilAxisKernel } from './types.ts';

/** Parameters common to FirstDerivative and SecondDerivative (PyLops names). */
export interface AxisStencilParams {
  /** Model shape: an int (1-D) or a list. */
  dims: number | readonly number[];
  /** Axis of the derivative (negative counts from the end). @defaultValue -1 */
  axis?: number;
  /** Sampling step along the axis. @defaultValue 1 */
  sampling?: number;
  /** @defaultValue 'centered' */
  kind?: Kind;
  /** Use one-sided stencils at the edges (centered only). @defaultValue false */
  edge?: boolean;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * A square operator applying one 1-D stencil along `axis` (dims = dimsd). Subclasses give the stencil and
 * the power of the sampling it is divided by; the stencil variant is fixed here, once.
 */
export abstract class AxisStencilOperator extends LinearOperator {
  readonly axis: number;
  readonly sampling: number;
  readonly kind: Kind;
  readonly edge: boolean;
  protected readonly kernel: StencilAxisKernel;

  constructor(op: string, params: AxisStencilParams, stencil: (kind: Kind, edge: boolean) => Stencil, samplingPower: 1 | 2) {
    const dtype = parseDType(op, params.dtype);
    const dims = parseDims(op, params.dims);
    super({ dims, dimsd: dims, dtype });
    this.axis = parseAxis(op, params.axis ?? -1, dims.length);
    this.sampling = parseSampling(op, params.sampling);
    this.kind = parseKind(op, params.kind);
    this.edge = parseBool(op, 'edge', params.edge, false);
    const s = divide(stencil(this.kind, this.edge), samplingPower === 1 ? this.sampling : this.sampling ** 2);
    this.kernel = stencilKernel(s, dims[this.axis], { operator: op, dims, axis: this.axis });
  }

  /** The operator as one axis kernel (see AxisTerm). */
  axisKernels(): AxisTerm[] {
    return [{ axis: this.axis, kernel: this.kernel, weight: 1, component: 0 }];
  }

  protected forward(x: FloatArray): FloatArray {
    return this.run(x, false);
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.run(y, true);
  }

  private run(v: FloatArray, adjoint: boolean): FloatArray {
    const out = alloc(this.dtype, prod(this.dims));
    applyKernel(this.kernel, this.dims, this.axis, isComplex(this.dtype), v, out, adjoint);
    return out;
  }
}
