import type { Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { type AxisStencilParams, AxisStencilOperator } from './AxisStencilOperator.ts';
import { secondDerivativeStencil } from './stencils.ts';

export type SecondDerivativeParams = AxisStencilParams;

/**
 * Second derivative along `axis` by the three-point stencil, as PyLops' SecondDerivative (Δ = sampling).
 *
 * Forward, per line along the axis (length n):
 * - centered: y[i] = (x[i-1] - 2x[i] + x[i+1]) / Δ² for 0 < i < n-1; y[0] = y[n-1] = 0, or with `edge`:
 *   y[0] = (x[0] - 2x[1] + x[2]) / Δ², y[n-1] = (x[n-3] - 2x[n-2] + x[n-1]) / Δ²;
 * - forward: y[i] = (x[i] - 2x[i+1] + x[i+2]) / Δ², last two samples 0;
 * - backward: y[i] = (x[i-2] - 2x[i-1] + x[i]) / Δ², first two samples 0 (`edge` ignored).
 *
 * Adjoint: the exact transpose, x[k] = Σ_i A[i, k] y[i].
 *
 * @example
 * const D2 = new SecondDerivative({ dims: [11, 21], axis: 0 });
 */
export class SecondDerivative extends AxisStencilOperator {
  constructor(params: SecondDerivativeParams) {
    super('SecondDerivative', params, secondDerivativeStencil, 2);
  }

  toSpec(): Spec {
    const { dims, axis, sampling, kind, edge, dtype } = this;
    return { op: 'SecondDerivative', params: { dims: [...dims], axis, sampling, kind, edge, dtype } };
  }
}

registerOperator('SecondDerivative', (p) => new SecondDerivative(p as unknown as SecondDerivativeParams));
