import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { Conjugated } from './Conjugated.ts';

export interface TransposedParams {
  /** The operator A (a LinearOperator or a spec). */
  op: LinearOperator | Spec;
}

/**
 * The transpose A^T of an operator (no conjugation), PyLops' `A.T`.
 *
 * Forward: y = A^T x = conj(A^H conj(x)); adjoint: x = conj(A conj(y)). `dims`/`dimsd` are A's
 * swapped; dtype is A's. For a real A this is the adjoint.
 *
 * @example
 * const AT = new Transposed({ op: A }); // same as A.T
 */
export class Transposed extends Conjugated {
  constructor(params: TransposedParams) {
    super('Transposed', params.op, true);
  }
}

registerOperator('Transposed', (p) => new Transposed(p as unknown as TransposedParams));
