import type { FloatArray } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { conform, need, operand, sides, size } from './bridge.ts';

export interface PowerParams {
  /** The square operator A (a LinearOperator or a spec). */
  op: LinearOperator | Spec;
  /** p, a non-negative integer (p = 0 gives the identity). */
  exponent: number;
}

/**
 * A square operator applied p times, A^p, PyLops' `A ** p`.
 *
 * Forward: y = A (A (... A x)) (p times); adjoint: x = (A^H)^p y. dims, dimsd and dtype are A's.
 *
 * @example
 * const A3 = new Power({ op: A, exponent: 3 }); // same as A.pow(3)
 */
export class Power extends LinearOperator {
  readonly op: LinearOperator;
  readonly exponent: number;

  constructor(params: PowerParams) {
    const op = operand('Power', 'op', params.op);
    const p = params.exponent;
    if (!Number.isInteger(p) || p < 0) throw new InvalidParameterError('Power', 'exponent', p, 'a non-negative integer');
    if (op.shape[0] !== op.shape[1]) throw new ShapeMismatchError('Power', [op.shape[1], op.shape[1]], op.shape, 'A must be square');
    super({ dims: op.dims, dimsd: op.dimsd, dtype: op.dtype, ...sides([need(op, 'model')], [need(op, 'data')], op.dtype) });
    this.op = op;
    this.exponent = p;
  }

  protected forward(x: FloatArray): FloatArray {
    return this.repeat(x, false); // y = A^p x
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.repeat(y, true); // x = (A^H)^p y
  }

  private repeat(v: FloatArray, adjoint: boolean): FloatArray {
    let out: FloatArray = v.slice(); // p = 0 returns a copy, as PyLops does
    for (let k = 0; k < this.exponent; k++) out = this.op.applyFlat(out, adjoint);
    return conform(out, size(this.dims), adjoint ? this.modelComplex : this.dataComplex);
  }

  toSpec(): Spec {
    return { op: 'Power', params: { op: this.op.toSpec(), exponent: this.exponent } };
  }
}

registerOperator('Power', (p) => new Power(p as unknown as PowerParams));
