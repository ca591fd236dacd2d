import { hooks } from '../operators/core/LinearOperator.ts';
import { cgls, type CglsOptions } from './cgls.ts';
import type { SolverResult } from './types.ts';

/**
 * PyLops' `Op / y` (`Op.div(y)`): the least-squares solution of `Op x = y` by CGLS from x = 0 with
 * `niter` 100 and `tol` 0 (CGLS stops early only when its normal-equations residual is exactly 0),
 * resolving to the solver result `{x, iterations, cost, ...}`. Any cgls option may be passed.
 *
 * @example
 * const { x } = await Op.div(y) as SolverResult<Float64Array>;
 */
export async function div<X>(Op: unknown, y: X, options: CglsOptions<X> = {}): Promise<SolverResult<X>> {
  return cgls(Op, y, { niter: 100, tol: 0, ...options });
}

hooks.div = (op, y, opts) => div(op, y, opts as CglsOptions<unknown>);
