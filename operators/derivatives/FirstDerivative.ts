import type { Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { type AxisStencilParams, AxisStencilOperator } from './AxisStencilOperator.ts';
import { parseOrder } from './params.ts';
import { type Order, firstDerivativeStencil } from './stencils.ts';

export interface FirstDerivativeParams extends AxisStencilParams {
  /** Stencil order of the centered kind, 3 or 5. @defaultValue 3 */
  order?: Order;
}

/**
 * First derivative along `axis` by finite differences, as PyLops' FirstDerivative (Δ = sampling).
 *
 * Forward, per line along the axis (length n):
 * - centered, order 3: y[i] = (x[i+1] - x[i-1]) / (2Δ) for 0 < i < n-1; y[0] = y[n-1] = 0, or with
 *   `edge`: y[0] = (x[1] - x[0]) / Δ, y[n-1] = (x[n-1] - x[n-2]) / Δ;
 * - centered, order 5: y[i] = (x[i-2]/12 - 2x[i-1]/3 + 2x[i+1]/3 - x[i+2]/12) / Δ for 2 <= i < n-2;
 *   the two samples at each end 0, or with `edge` one-sided at 0 and n-1 and order-3 centered at 1 and n-2;
 * - forward: y[i] = (x[i+1] - x[i]) / Δ, y[n-1] = 0; backward: y[i] = (x[i] - x[i-1]) / Δ, y[0] = 0
 *   (`edge` and `order` are ignored, as in PyLops).
 *
 * Adjoint: the exact transpose, x[k] = Σ_i A[i, k] y[i].
 *
 * @example
 * const D = new FirstDerivative({ dims: [11, 21], axis: 0, edge: true });
 * const y = D.matvec(x); // x: Float64Array of 231 samples
 */
export class FirstDerivative extends AxisStencilOperator {
  readonly order: Order;

  constructor(params: FirstDerivativeParams) {
    const order = parseOrder('FirstDerivative', params.order);
    super('FirstDerivative', params, (kind, edge) => firstDerivativeStencil(kind, edge, order), 1);
    this.order = order;
  }

  toSpec(): Spec {
    const { dims, axis, sampling, kind, edge, order, dtype } = this;
    return { op: 'FirstDerivative', params: { dims: [...dims], axis, sampling, kind, edge, order, dtype } };
  }
}

registerOperator('FirstDerivative', (p) => new FirstDerivative(p as unknown as FirstDerivativeParams));
