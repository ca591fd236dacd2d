import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { gatherAxis } from './gather.ts';

export interface RollParams {
  /** Model shape (an int for 1-D). */
  dims: number | readonly number[];
  /** @defaultValue -1 */
  axis?: number;
  /** Samples to roll by (negative and |shift| > n wrap modulo n). @defaultValue 1 */
  shift?: number;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Circular shift along an axis, numpy's `np.roll(x, shift, axis)`.
 *
 * Forward: y[..., i, ...] = x[..., (i - shift) mod n, ...]; adjoint: x[..., i, ...] =
 * y[..., (i + shift) mod n, ...] (a roll by -shift). dimsd = dims.
 *
 * @example
 * new Roll({ dims: 4, shift: 1 }).matvec(new Float64Array([1, 2, 3, 4])); // [4, 1, 2, 3]
 */
export class Roll extends LinearOperator {
  readonly axis: number;
  readonly shift: number;
  /** source[i] = (i - shift) mod n, and its inverse for the adjoint. */
  private readonly source: Int32Array;
  private readonly sourceAdjoint: Int32Array;

  constructor(params: RollParams) {
    const dtype = parseDType('Roll', params.dtype);
    const dims = parseDims('Roll', params.dims);
    const axis = parseAxis('Roll', params.axis ?? -1, dims.length);
    const shift = params.shift ?? 1;
    if (!Number.isInteger(shift)) throw new InvalidParameterError('Roll', 'shift', shift, 'an integer');
    super({ dims, dimsd: dims, dtype });
    this.axis = axis;
    this.shift = shift;
    this.source = rollIndex(dims[axis], shift);
    this.sourceAdjoint = rollIndex(dims[axis], -shift);
  }

  protected forward(x: FloatArray): FloatArray {
    return this.gather(x, this.source); // y[i] = x[(i - shift) mod n]
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.gather(y, this.sourceAdjoint); // x[i] = y[(i + shift) mod n]
  }

  private gather(v: FloatArray, index: Int32Array): FloatArray {
    const out = alloc(this.dtype, prod(this.dims));
    const { outer, inner } = localWindow(this.dims, this.axis, isComplex(this.dtype));
    gatherAxis(v, out, index, outer, this.dims[this.axis], inner);
    return out;
  }

  toSpec(): Spec {
    return { op: 'Roll', params: { dims: [...this.dims], axis: this.axis, shift: this.shift, dtype: this.dtype } };
  }
}

/** index[i] = (i - shift) mod n, always in [0, n). */
export function rollIndex(n: number, shift: number): Int32Array {
  const s = ((shift % n) + n) % n;
  return Int32Array.from({ length: n }, (_, i) => (i - s + n) % n);
}

registerOperator('Roll', (p) => new Roll(p as unknown as RollParams));
