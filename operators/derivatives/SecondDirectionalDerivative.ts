import type { DType, FloatArray } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { FirstDirectionalDerivative, type FirstDirectionalDerivativeParams } from './FirstDirectionalDerivative.ts';

export interface SecondDirectionalDerivativeParams {
  /** Model shape. */
  dims: number | readonly number[];
  /** Direction: ndim numbers, or a field `{shape: [ndim, ...dims], data}`. */
  v: FirstDirectionalDerivativeParams['v'];
  /** Sampling step: one number, or one per axis. @defaultValue 1 */
  sampling?: number | readonly number[];
  /** @defaultValue false */
  edge?: boolean;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Second derivative along a direction v, as PyLops' SecondDirectionalDerivative: -D_v^H D_v, where D_v is
 * the FirstDirectionalDerivative with the same v, sampling and edge and the centered kind (PyLops takes
 * no `kind` here). The operator is Hermitian: forward and adjoint are both y = -(D_v^H (D_v x)).
 *
 * For the distributed layer: run `first` forward, then its adjoint, then negate.
 *
 * @example
 * const D2v = new SecondDirectionalDerivative({ dims: [11, 21], v: [1, 0] });
 */
export class SecondDirectionalDerivative extends LinearOperator {
  /** D_v. */
  readonly first: FirstDirectionalDerivative;

  constructor(params: SecondDirectionalDerivativeParams) {
    const first = new FirstDirectionalDerivative({ ...params, kind: 'centered' }, 'SecondDirectionalDerivative');
    super({ dims: first.dims, dimsd: first.dims, dtype: first.dtype });
    this.first = first;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = this.first.rmatvec(this.first.matvec(x));
    for (let i = 0; i < y.length; i++) y[i] = -y[i];
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.forward(y);
  }

  toSpec(): Spec {
    const { dims, v, sampling, edge, dtype } = this.first;
    return { op: 'SecondDirectionalDerivative', params: { dims: [...dims], v: v.toSpec(dims), sampling: [...sampling], edge, dtype } };
  }
}

registerOperator('SecondDirectionalDerivative', (p) => new SecondDirectionalDerivative(p as unknown as SecondDirectionalDerivativeParams));
