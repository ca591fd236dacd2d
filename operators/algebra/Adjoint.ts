import type { FloatArray } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { operand } from './bridge.ts';

export interface AdjointParams {
  /** The operator A (a LinearOperator or a spec). */
  op: LinearOperator | Spec;
}

/**
 * The adjoint (conjugate transpose) A^H of an operator, PyLops' `A.H`.
 *
 * Forward: y = A^H x (A's rmatvec); adjoint: x = A y (A's matvec). `dims`/`dimsd` are A's swapped;
 * dtype is A's.
 *
 * @example
 * const AH = new Adjoint({ op: A }); // same as A.H
 */
export class Adjoint extends LinearOperator {
  readonly op: LinearOperator;

  constructor(params: AdjointParams) {
    const op = operand('Adjoint', 'op', params.op);
    super({ dims: op.dimsd, dimsd: op.dims, dtype: op.dtype, modelComplex: op.dataComplex, dataComplex: op.modelComplex });
    this.op = op;
  }

  protected forward(x: FloatArray): FloatArray {
    return this.op.applyFlat(x, true); // y = A^H x
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.op.applyFlat(y, false); // x = A y
  }

  toSpec(): Spec {
    return { op: 'Adjoint', params: { op: this.op.toSpec() } };
  }
}

registerOperator('Adjoint', (p) => new Adjoint(p as unknown as AdjointParams));
