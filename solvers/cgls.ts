import type { FloatArray } from '../operators/core/dtype.ts';
import { breakdown, breakdownGuard, fromZero, initialModel, niterOf, num, residual } from './common.ts';
import { solverMachine } from './machine.ts';
import { registerSolver, solve } from './solve.ts';
import type { RunOptions, SolverDef, SolverResult } from './types.ts';

/** PyLops keywords of `cgls`. */
export interface CglsOptions<X = FloatArray> extends RunOptions<X> {
  /** Initial guess. @defaultValue zeros */
  x0?: X;
  /** @defaultValue 10 */
  niter?: number;
  /** Damping: minimises ||y - Op x||^2 + damp^2 ||x||^2. @defaultValue 0 */
  damp?: number;
  /** Stop when `kold = |r.r|` (r the normal-equations residual) is not above `tol`. @defaultValue 1e-4 */
  tol?: number;
}

/**
 * Conjugate gradient least squares, step for step as PyLops' `CGLS`, minimising
 * `||y - Op x||^2 + damp^2 ||x||^2` (d2 = damp^2):
 *
 *   setup:  s = y - Op x0,  r = Op^H s - damp x0,  c = r,  q = Op c,  kold = |r.r|
 *   reduce: a = kold / (q.q + d2 c.c)
 *   update: x += a c,  s -= a q,  r = Op^H s - d2 x,  k = |r.r|
 *   apply:  c = r + (k / kold) c,  q = Op c,  kold = k
 *
 * (setup subtracts `damp x0`, not `damp^2 x0`, exactly as PyLops does) while `iteration < niter`
 * and `kold > tol` (and, where PyLops would divide by an underflowed 0 long after convergence, the
 * step is a no-op and the run stops with `stop: 'breakdown'`). Cost: `||y - Op x_k||` = ||s||, niter + 1 entries. Finalize reports PyLops'
 * istop (1 if kold < tol, else 2), r1norm = kold and r2norm.
 */
export const cglsDef: SolverDef = {
  name: 'cgls',
  phases: ['reduce', 'update', 'apply'],
  costLabel: 'r1norm',
  converged: (ctx) => breakdown(ctx) ?? (ctx.scalars.kold !== undefined && !(ctx.scalars.kold > (ctx.params.tol as number)) ? 'tol' : null),

  async setup({ op, ops, h, ctx }) {
    const damp = ctx.params.damp as number;
    const y = h.get('y');
    const zero = fromZero(h);
    const x = await initialModel(ops, h);
    const s = h.set('s', zero ? await ops.copy(y) : await residual(op, ops, y, x), 'data');
    const c = h.set('c', await ops.apply(op, s, true), 'model');
    if (!zero) void ops.axpby(-damp, x, 1, c);
    h.set('q', await ops.apply(op, c, false), 'data');
    const [kold, snorm, xx] = await Promise.all([ops.sqnorm(c), ops.norm(s), ops.sqnorm(x)]);
    return { scalars: { kold, r2norm: Math.sqrt(snorm ** 2 + damp * xx) }, cost: snorm };
  },

  step: {
    async reduce({ ops, h, ctx }) {
      const d2 = (ctx.params.damp as number) ** 2;
      const [qq, cc] = await Promise.all([ops.dot(h.get('q'), h.get('q')), d2 === 0 ? { re: 0 } : ops.dot(h.get('c'), h.get('c'))]);
      return { scalars: breakdownGuard(ctx.scalars.kold / (qq.re + d2 * cc.re)) };
    },
    async update({ op, ops, h, ctx }) {
      const d2 = (ctx.params.damp as number) ** 2;
      const a = ctx.scalars.a;
      const [x, s] = [h.get('x'), h.get('s')];
      void ops.axpby(a, h.get('c'), 1, x);
      void ops.axpby(-a, h.get('q'), 1, s);
      const r = h.set('r', await ops.apply(op, s, true), 'model');
      if (d2 !== 0) void ops.axpby(-d2, x, 1, r);
      const [k, snorm, xx] = await Promise.all([ops.sqnorm(r), ops.norm(s), d2 === 0 ? 0 : ops.sqnorm(x)]);
      return { scalars: { k, snorm, r2norm: Math.sqrt(snorm ** 2 + d2 * xx) } };
    },
    async apply({ op, ops, h, ctx }) {
      const { k, kold, snorm } = ctx.scalars;
      const c = h.get('c');
      void ops.axpby(1, h.get('r'), k / kold, c);
      h.drop('r');
      h.set('q', await ops.apply(op, c, false), 'data');
      return { scalars: { kold: k }, cost: snorm };
    },
  },

  async finalize({ ctx }) {
    const { kold, r2norm } = ctx.scalars;
    return { scalars: { istop: kold < (ctx.params.tol as number) ? 1 : 2, r1norm: kold, r2norm } };
  },
};

export const cglsMachine = solverMachine(cglsDef);
registerSolver(cglsDef, cglsMachine);

/** Parses cgls keywords (shared with `div`). */
export function cglsParams(o: Record<string, unknown>, solver = 'cgls') {
  return { damp: num(solver, o, 'damp', 0), tol: num(solver, o, 'tol', 1e-4) };
}

/**
 * Least-squares solution of `Op x = y` (optionally damped) with CGLS.
 *
 * @example
 * const { x, cost } = await cgls(Op, y, { niter: 20, damp: 0.1, tol: 0 });
 */
export async function cgls<X = FloatArray>(Op: unknown, y: X, options: CglsOptions<X> = {}): Promise<SolverResult<X>> {
  const o = options as Record<string, unknown>;
  return solve(cglsDef, cglsMachine, Op, y, options.x0, niterOf('cgls', o, 10), cglsParams(o), options as RunOptions<never>) as Promise<SolverResult<X>>;
}
