import type { FloatArray } from '../operators/core/dtype.ts';
import { initialModel, niterOf, residual } from './common.ts';
import { type IstaOptions, sparsityParams, stepSize, thresholdAndMeasure, updateSettled } from './ista.ts';
import { solverMachine } from './machine.ts';
import { registerSolver, solve } from './solve.ts';
import type { RunOptions, SolverDef, SolverResult } from './types.ts';

/**
 * Fast iterative shrinkage-thresholding (Beck & Teboulle), step for step as PyLops' `FISTA`:
 *
 *   apply:  g = Op^H (y - Op z)
 *   update: x = T_{eps alpha / 2}(z + alpha g),  t' = (1 + sqrt(1 + 4 t^2)) / 2,
 *           z = x + ((t - 1) / t') (x - xold),  t = t'
 *   reduce: cost = 0.5 ||y - Op x||^2 + eps ||x||_1
 *
 * with z = x0, t = 1 at setup, while `iteration < niter` and `||x_k - x_{k-1}|| > tol`.
 */
export const fistaDef: SolverDef = {
  name: 'fista',
  phases: ['apply', 'update', 'reduce'],
  costLabel: 'cost',
  converged: updateSettled,

  async setup(env) {
    const x = await initialModel(env.ops, env.h);
    env.h.set('z', await env.ops.copy(x), 'model');
    return { scalars: { ...(await stepSize(env.op, env)), t: 1 } };
  },

  step: {
    async apply({ op, ops, h }) {
      const res = await residual(op, ops, h.get('y'), h.get('z'));
      h.set('g', await ops.apply(op, res, true), 'model');
      await ops.space.free(res);
    },
    async update(env) {
      const { ops, h, ctx } = env;
      const xold = h.set('xold', h.get('x'), 'model');
      const x = h.set('x', await ops.copy(h.get('z')), 'model');
      void ops.axpby(ctx.scalars.alpha, h.get('g'), 1, x); // z + alpha Op^H (y - Op z)
      const { xupdate, l1 } = await thresholdAndMeasure(env, x, xold);
      const told = ctx.scalars.t;
      const t = (1 + Math.sqrt(1 + 4 * told * told)) / 2;
      const z = h.set('z', await ops.copy(x), 'model');
      void ops.axpby((told - 1) / t, h.get('d'), 1, z); // z = x + ((told - 1) / t) (x - xold)
      h.drop('g', 'xold', 'd');
      return { scalars: { t, xupdate, l1 } };
    },
    async reduce({ op, ops, h, ctx }) {
      const res = await residual(op, ops, h.get('y'), h.get('x'));
      const resnorm = await ops.norm(res);
      await ops.space.free(res);
      return { cost: 0.5 * resnorm ** 2 + (ctx.params.eps as number) * ctx.scalars.l1 };
    },
  },
};

export const fistaMachine = solverMachine(fistaDef);
registerSolver(fistaDef, fistaMachine);

/**
 * Sparse solution of `Op x = y`: minimises `||y - Op x||^2 + eps ||x||_p` (p = 1, 0, 1/2) with FISTA.
 *
 * @example
 * const { x, cost } = await fista(Op, y, { niter: 50, eps: 0.1, alpha: 0.17 });
 */
export async function fista<X = FloatArray>(Op: unknown, y: X, options: IstaOptions<X> = {}): Promise<SolverResult<X>> {
  const o = options as Record<string, unknown>;
  return solve(fistaDef, fistaMachine, Op, y, options.x0, niterOf('fista', o, 10), sparsityParams('fista', o), options as RunOptions<never>) as Promise<SolverResult<X>>;
}
