import type { DType } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import type { Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseDims } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { Convolve1D } from './Convolve1D.ts';

export interface Smoothing1DParams {
  /** Length of the box filter; an even length is incremented by 1. */
  nsmooth: number;
  /** Model shape. */
  dims: number | readonly number[];
  /** @defaultValue -1 */
  axis?: number;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Moving average along an axis (PyLops' `Smoothing1D`): Convolve1D with the box h = ones(n) / n centred
 * at offset (n - 1) / 2, where n = nsmooth (+1 when even), zero padding at both ends.
 *
 * Forward: y[i] = (1/n) sum_{|j| <= (n-1)/2} x[i + j]; the operator is symmetric (adjoint = forward).
 * The box stays Float64 for float32 operators, as in PyLops (which even returns float64 there); our
 * float32 result is that value rounded once.
 *
 * @example
 * const S = new Smoothing1D({ nsmooth: 3, dims: 5 });
 * S.matvec(new Float64Array([0, 0, 3, 0, 0])); // [0, 1, 1, 1, 0]
 */
export class Smoothing1D extends Convolve1D {
  readonly nsmooth: number;

  constructor(params: Smoothing1DParams) {
    const name = new.target.name;
    const n = boxLength(name, 'nsmooth', params.nsmooth);
    const dims = parseDims(name, params.dims);
    const len = dims[parseAxis(name, params.axis ?? -1, dims.length)];
    if ((n - 1) / 2 > len - 1) throw new InvalidParameterError(name, 'nsmooth', params.nsmooth, `at most ${2 * len - 1} (twice dims[axis] - 1, as PyLops)`);
    super({ dims: params.dims, h: [], offset: (n - 1) / 2, axis: params.axis, dtype: params.dtype }, boxFilter(n));
    this.nsmooth = n;
  }

  toSpec(): Spec {
    return { op: 'Smoothing1D', params: { nsmooth: this.nsmooth, dims: [...this.dims], axis: this.axis, dtype: this.dtype } };
  }
}

/** A positive integer box length, made odd by incrementing an even one (PyLops' rule). */
export function boxLength(op: string, name: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) <= 0) throw new InvalidParameterError(op, name, value, 'a positive integer');
  const n = value as number;
  return n % 2 === 0 ? n + 1 : n;
}

/** ones(n) / n in Float64. */
export function boxFilter(n: number): Float64Array {
  return new Float64Array(n).fill(1 / n);
}

registerOperator('Smoothing1D', (p) => new Smoothing1D(p as unknown as Smoothing1DParams));
