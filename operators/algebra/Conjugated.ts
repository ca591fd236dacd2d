import type { FloatArray } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { conjugate, operand, size } from './bridge.ts';

/**
 * Shared body of `Conj` and `Transposed`: an operator applied between two conjugations,
 * y = conj(B conj(x)) with B = A (conj(A)) or B = A^H (A^T). Its adjoint swaps the roles of A and A^H.
 */
export abstract class Conjugated extends LinearOperator {
  readonly op: LinearOperator;
  /** B = A^H (transpose) rather than B = A (conjugate). */
  readonly transposed: boolean;
  private readonly specName: string;

  protected constructor(name: string, value: unknown, transposed: boolean) {
    const op = operand(name, 'op', value);
    const [dims, dimsd] = transposed ? [op.dimsd, op.dims] : [op.dims, op.dimsd];
    const [modelComplex, dataComplex] = transposed ? [op.dataComplex, op.modelComplex] : [op.modelComplex, op.dataComplex];
    super({ dims, dimsd, dtype: op.dtype, modelComplex, dataComplex });
    this.op = op;
    this.transposed = transposed;
    this.specName = name;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = this.op.applyFlat(conjugate(x, size(this.dims)), this.transposed); // B conj(x)
    return conjugate(y, size(this.dimsd)); // conj(B conj(x))
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = this.op.applyFlat(conjugate(y, size(this.dimsd)), !this.transposed); // B^H conj(y)
    return conjugate(x, size(this.dims));
  }

  toSpec(): Spec {
    return { op: this.specName, params: { op: this.op.toSpec() } };
  }
}
