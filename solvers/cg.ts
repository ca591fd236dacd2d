import type { FloatArray } from '../operators/core/dtype.ts';
import { breakdown, breakdownGuard, fromZero, initialModel, niterOf, num, residual } from './common.ts';
import { solverMachine } from './machine.ts';
import { registerSolver, solve } from './solve.ts';
import type { RunOptions, SolverDef, SolverResult } from './types.ts';

/** PyLops keywords of `cg`. */
export interface CgOptions<X = FloatArray> extends RunOptions<X> {
  /** Initial guess. @defaultValue zeros */
  x0?: X;
  /** @defaultValue 10 */
  niter?: number;
  /** Stop when the squared residual norm `|r.r|` is not above `tol`. @defaultValue 1e-4 */
  tol?: number;
}

/**
 * Conjugate gradient (Hestenes–Stiefel) for a square Hermitian positive definite `Op x = y`,
 * step for step as PyLops' `CG`:
 *
 *   setup:  r = y - Op x0,  c = r,  kold = |r.r|
 *   apply:  q = Op c,  a = kold / |c.q|
 *   update: x += a c,  r -= a q,  k = |r.r|,  c = r + (k / kold) c,  kold = k
 *
 * while `iteration < niter` and `kold > tol` (a step whose `a` is not finite, which happens only after
 * the residual has underflowed, is a no-op and stops the run with `stop: 'breakdown'`). Cost: `||r_k||`, niter + 1 entries.
 */
export const cgDef: SolverDef = {
  name: 'cg',
  phases: ['apply', 'update'],
  costLabel: 'r2norm',
  converged: (ctx) => breakdown(ctx) ?? (ctx.scalars.kold !== undefined && !(ctx.scalars.kold > (ctx.params.tol as number)) ? 'tol' : null),

  async setup({ op, ops, h }) {
    const y = h.get('y');
    const zero = fromZero(h);
    const x = await initialModel(ops, h);
    const r = h.set('r', zero ? await ops.copy(y) : await residual(op, ops, y, x), 'data');
    h.set('c', await ops.copy(r), 'model');
    const kold = await ops.sqnorm(r);
    return { scalars: { kold }, cost: Math.sqrt(kold) };
  },

  step: {
    async apply({ op, ops, h, ctx }) {
      const c = h.get('c');
      const q = h.set('q', await ops.apply(op, c, false), 'data');
      const cq = await ops.dot(c, q);
      return { scalars: breakdownGuard(ctx.scalars.kold / Math.hypot(cq.re, cq.im)) };
    },
    async update({ ops, h, ctx }) {
      const { a, kold } = ctx.scalars;
      const [x, r, c] = [h.get('x'), h.get('r'), h.get('c')];
      void ops.axpby(a, c, 1, x);
      void ops.axpby(-a, h.get('q'), 1, r);
      h.drop('q');
      const k = await ops.sqnorm(r);
      void ops.axpby(1, r, k / kold, c);
      return { scalars: { kold: k }, cost: Math.sqrt(k) };
    },
  },
};

export const cgMachine = solverMachine(cgDef);
registerSolver(cgDef, cgMachine);

/**
 * Solves `Op x = y` (Op square, Hermitian positive definite) with conjugate gradients.
 *
 * @example
 * const { x, iterations, cost } = await cg(A, y, { niter: 20, tol: 0 });
 */
export async function cg<X = FloatArray>(Op: unknown, y: X, options: CgOptions<X> = {}): Promise<SolverResult<X>> {
  const o = options as Record<string, unknown>;
  const params = { tol: num('cg', o, 'tol', 1e-4) };
  return solve(cgDef, cgMachine, Op, y, options.x0, niterOf('cg', o, 10), params, options as RunOptions<never>) as Promise<SolverResult<X>>;
}
