import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseBool, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { gatherAxis, scatterAddAxis } from './gather.ts';

export interface RestrictionParams {
  /** Model shape (an int for 1-D). */
  dims: number | readonly number[];
  /** Indices kept along `axis`: integers in [0, dims[axis]) (PyLops uses sorted, unique ones). */
  iava: ArrayLike<number>;
  /** @defaultValue -1 */
  axis?: number;
  /** PyLops' in-place flag; accepted for compatibility (outputs are always new arrays here). @defaultValue true */
  inplace?: boolean;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Restriction (sampling) along an axis: keeps the samples at `iava`.
 *
 * Forward: y[..., k, ...] = x[..., iava[k], ...]; adjoint: x[..., iava[k], ...] += y[..., k, ...], zero
 * elsewhere (the exact transpose, also for repeated indices). dimsd = dims with dimsd[axis] = len(iava).
 *
 * @example
 * const R = new Restriction({ dims: 5, iava: [0, 3] });
 * R.matvec(new Float64Array([1, 2, 3, 4, 5])); // [1, 4]
 */
export class Restriction extends LinearOperator {
  readonly iava: Int32Array;
  readonly axis: number;

  constructor(params: RestrictionParams) {
    const dtype = parseDType('Restriction', params.dtype);
    const dims = parseDims('Restriction', params.dims);
    const axis = parseAxis('Restriction', params.axis ?? -1, dims.length);
    const iava = parseIndices('Restriction', 'iava', params.iava, dims[axis]);
    parseBool('Restriction', 'inplace', params.inplace, true);
    super({ dims, dimsd: dims.map((d, a) => (a === axis ? iava.length : d)), dtype });
    this.iava = iava;
    this.axis = axis;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dimsd));
    const { outer, inner } = localWindow(this.dims, this.axis, isComplex(this.dtype));
    gatherAxis(x, y, this.iava, outer, this.dims[this.axis], inner); // y[k] = x[iava[k]]
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.dtype, prod(this.dims));
    const { outer, inner } = localWindow(this.dims, this.axis, isComplex(this.dtype));
    scatterAddAxis(y, x, this.iava, outer, this.dims[this.axis], inner); // x[iava[k]] += y[k]
    return x;
  }

  toSpec(): Spec {
    return { op: 'Restriction', params: { dims: [...this.dims], iava: Array.from(this.iava), axis: this.axis, dtype: this.dtype } };
  }
}

/** A non-empty list of integers in [0, n). */
function parseIndices(op: string, name: string, value: unknown, n: number): Int32Array {
  const list = Array.isArray(value) || ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<unknown>) : undefined;
  if (!list || list.length === 0 || !list.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n)) {
    throw new InvalidParameterError(op, name, value, `a non-empty list of integers in [0, ${n - 1}]`);
  }
  return Int32Array.from(list as number[]);
}

registerOperator('Restriction', (p) => new Restriction(p as unknown as RestrictionParams));
