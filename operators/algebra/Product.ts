import { type FloatArray, promote } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { type Need, conform, need, operands, resolve, size } from './bridge.ts';

export interface ProductParams {
  /** [A, B]: the product A B applies B first (operators or specs). */
  ops: readonly (LinearOperator | Spec)[];
}

/**
 * The product A B of two operators, PyLops' `A @ B` (or `A * B`).
 *
 * Forward: y = A (B x); adjoint: x = B^H (A^H y). Requires A.shape[1] == B.shape[0].
 * dims = B.dims, dimsd = A.dimsd, dtype = promote(A.dtype, B.dtype) (as PyLops reports them).
 *
 * @example
 * const N = new Product({ ops: [D.H, D] }); // D^H D, same as D.H.dot(D)
 */
export class Product extends LinearOperator {
  readonly a: LinearOperator;
  readonly b: LinearOperator;

  constructor(params: ProductParams) {
    const ops = operands('Product', 'ops', params.ops);
    if (ops.length !== 2) throw new InvalidParameterError('Product', 'ops', `${ops.length} operators`, 'a list of two operators [A, B]');
    const [a, b] = ops;
    if (a.shape[1] !== b.shape[0]) {
      throw new ShapeMismatchError('Product', [a.shape[1]], [b.shape[0]], `A (${a.shape.join('x')}) has ${a.shape[1]} columns but B (${b.shape.join('x')}) has ${b.shape[0]} rows`);
    }
    const dtype = promote(a.dtype, b.dtype);
    // A real factor passes its input's complexness through, so the other factor decides that side.
    const modelNeed: Need = b.isReal ? need(a, 'model') : need(b, 'model');
    const dataNeed: Need = a.isReal ? need(b, 'data') : need(a, 'data');
    super({ dims: b.dims, dimsd: a.dimsd, dtype, modelComplex: resolve([modelNeed], false), dataComplex: resolve([dataNeed], false) });
    this.a = a;
    this.b = b;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = this.a.applyFlat(this.b.applyFlat(x, false), false); // y = A (B x)
    return conform(y, size(this.dimsd), this.dataComplex);
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = this.b.applyFlat(this.a.applyFlat(y, true), true); // x = B^H (A^H y)
    return conform(x, size(this.dims), this.modelComplex);
  }

  toSpec(): Spec {
    return { op: 'Product', params: { ops: [this.a.toSpec(), this.b.toSpec()] } };
  }
}

registerOperator('Product', (p) => new Product(p as unknown as ProductParams));
