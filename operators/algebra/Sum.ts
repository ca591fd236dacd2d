import { type FloatArray, promote } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { addInto, allocSide, need, operands, sides, size } from './bridge.ts';

export interface SumParams {
  /** [A, B], operators or specs of equal shape. */
  ops: readonly (LinearOperator | Spec)[];
}

/**
 * The sum A + B of two operators of equal shape, PyLops' `A + B` (operator addition, not PyLops'
 * `pylops.Sum` reduction operator).
 *
 * Forward: y = A x + B x; adjoint: x = A^H y + B^H y. dtype = promote(A.dtype, B.dtype); dims and
 * dimsd are A's, except that a 1-D `dims` (or `dimsd`) of A is replaced by B's, as PyLops does.
 *
 * @example
 * const S = new Sum({ ops: [A, B] }); // same as A.plus(B)
 */
export class Sum extends LinearOperator {
  readonly a: LinearOperator;
  readonly b: LinearOperator;

  constructor(params: SumParams) {
    const ops = operands('Sum', 'ops', params.ops);
    if (ops.length !== 2) throw new InvalidParameterError('Sum', 'ops', `${ops.length} operators`, 'a list of two operators [A, B]');
    const [a, b] = ops;
    if (a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
      throw new ShapeMismatchError('Sum', a.shape, b.shape, `B (ops[1]) must have the shape of A (ops[0])`);
    }
    const dtype = promote(a.dtype, b.dtype);
    super({
      dims: a.dims.length === 1 ? b.dims : a.dims,
      dimsd: a.dimsd.length === 1 ? b.dimsd : a.dimsd,
      dtype,
      ...sides([need(a, 'model'), need(b, 'model')], [need(a, 'data'), need(b, 'data')], dtype),
    });
    this.a = a;
    this.b = b;
  }

  protected forward(x: FloatArray): FloatArray {
    return this.add(this.a.applyFlat(x, false), this.b.applyFlat(x, false), size(this.dimsd), this.dataComplex); // y = A x + B x
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.add(this.a.applyFlat(y, true), this.b.applyFlat(y, true), size(this.dims), this.modelComplex); // x = A^H y + B^H y
  }

  private add(u: FloatArray, v: FloatArray, n: number, complex: boolean): FloatArray {
    const out = allocSide(this.dtype, n, complex);
    addInto(out, complex, 0, u, n, false);
    addInto(out, complex, 0, v, n, true);
    return out;
  }

  toSpec(): Spec {
    return { op: 'Sum', params: { ops: [this.a.toSpec(), this.b.toSpec()] } };
  }
}

registerOperator('Sum', (p) => new Sum(p as unknown as SumParams));
