import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { Conjugated } from './Conjugated.ts';

export interface ConjParams {
  /** The operator A (a LinearOperator or a spec). */
  op: LinearOperator | Spec;
}

/**
 * The element-wise complex conjugate conj(A) of an operator, PyLops' `A.conj()`.
 *
 * Forward: y = conj(A) x = conj(A conj(x)); adjoint: x = conj(A)^H y = conj(A^H conj(y)).
 * `dims`, `dimsd` and dtype are A's. For a real A this is A itself.
 *
 * @example
 * const Ac = new Conj({ op: A }); // same as A.conj()
 */
export class Conj extends Conjugated {
  constructor(params: ConjParams) {
    super('Conj', params.op, false);
  }
}

registerOperator('Conj', (p) => new Conj(p as unknown as ConjParams));
