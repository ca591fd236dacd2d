import type { FloatArray } from '../operators/core/dtype.ts';
import { Adjoint } from '../operators/algebra/Adjoint.ts';
import { Product } from '../operators/algebra/Product.ts';
import { InvalidParameterError } from '../operators/core/errors.ts';
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import { initialModel, niterOf, num, residual } from './common.ts';
import { THRESH_KINDS, type ThreshKind } from './kernels.ts';
import { LocalVectors } from './LocalVectors.ts';
import { solverMachine } from './machine.ts';
import { eigs } from './power_iteration.ts';
import { registerSolver, solve } from './solve.ts';
import type { Params, PhaseEnv, RunOptions, SolverContext, SolverDef, SolverResult } from './types.ts';

/** PyLops keywords of `ista` and `fista`. */
export interface IstaOptions<X = FloatArray> extends RunOptions<X> {
  x0?: X;
  /** @defaultValue 10 */
  niter?: number;
  /** Sparsity damping. @defaultValue 0.1 */
  eps?: number;
  /** Step size; when absent, 1 / (largest eigenvalue of Op^H Op) by `eigs`. */
  alpha?: number;
  /** Iterations of that eigenvalue estimate. @defaultValue 1000 */
  eigsiter?: number;
  /** Tolerance of that estimate (0: 1e-12). @defaultValue 0 */
  eigstol?: number;
  /** Stop when ||x_k - x_{k-1}|| is not above tol. @defaultValue 1e-10 */
  tol?: number;
  /** Thresholding rule: soft (L1), hard (L0), half (L1/2). @defaultValue 'soft' */
  threshkind?: ThreshKind;
}

/** Parses the keywords shared by ista and fista. */
export function sparsityParams(solver: string, o: Record<string, unknown>): Params {
  const threshkind = (o.threshkind ?? 'soft') as ThreshKind;
  if (!THRESH_KINDS.includes(threshkind)) throw new InvalidParameterError(solver, 'threshkind', o.threshkind, `one of ${THRESH_KINDS.join(', ')}`);
  const alpha = num(solver, o, 'alpha', NaN, 0);
  return {
    ...{ eps: num(solver, o, 'eps', 0.1), alpha, tol: num(solver, o, 'tol', 1e-10), threshkind },
    ...{ eigsiter: num(solver, o, 'eigsiter', 1000, 1), eigstol: num(solver, o, 'eigstol', 0, 0) },
  };
}

/** alpha (given, or 1 / maxeig(Op^H Op)) and PyLops' threshold eps alpha / 2. */
export async function stepSize<V>(op: LinearOperator, env: PhaseEnv<V>): Promise<{ alpha: number; thresh: number }> {
  const p = env.ctx.params as Record<string, number>;
  let alpha = p.alpha;
  if (Number.isNaN(alpha)) {
    const local = env.ops.space instanceof LocalVectors;
    const normal = new Product({ ops: [new Adjoint({ op }), op] }); // Op^H Op
    const res = await eigs(normal, { niter: p.eigsiter, tol: p.eigstol || 1e-12, space: local ? undefined : env.ops.space });
    if (!local) await env.ops.space.free(res.x as unknown as V);
    alpha = 1 / res.maxeig;
  }
  return { alpha, thresh: p.eps * alpha * 0.5 };
}

/** Stops once the model update is not above tol (PyLops: `while xupdate > tol`). */
export const updateSettled = (ctx: Readonly<SolverContext>) => (ctx.scalars.xupdate !== undefined && !(ctx.scalars.xupdate > (ctx.params.tol as number)) ? 'tol' : null);

/**
 * In place: x <- T(x) (the threshold rule), then ||x - xold|| and eps ||x||_1. Frees xold.
 * Shared by ista and fista.
 */
export async function thresholdAndMeasure<V>({ ops, h, ctx }: PhaseEnv<V>, x: V, xold: V): Promise<{ xupdate: number; l1: number }> {
  void ops.map(ctx.params.threshkind as ThreshKind, x, ctx.scalars.thresh);
  const d = h.set('d', await ops.copy(x), 'model');
  void ops.axpby(-1, xold, 1, d); // d = x - xold
  const [xupdate, l1] = await Promise.all([ops.norm(d), ops.norm(x, 1)]);
  return { xupdate, l1 };
}

/**
 * Iterative shrinkage-thresholding (Daubechies et al.), step for step as PyLops' `ISTA`:
 *
 *   apply:  res = y - Op x,  g = Op^H res
 *   update: x = T_{eps alpha / 2}(x + alpha g)
 *
 * while `iteration < niter` and `||x_k - x_{k-1}|| > tol`. Cost (as PyLops computes it, with the
 * residual of the previous iterate): `0.5 ||y - Op x_{k-1}||^2 + eps ||x_k||_1`, niter entries.
 */
export const istaDef: SolverDef = {
  name: 'ista',
  phases: ['apply', 'update'],
  costLabel: 'cost',
  converged: updateSettled,

  async setup(env) {
    await initialModel(env.ops, env.h);
    return { scalars: await stepSize(env.op, env) };
  },

  step: {
    async apply({ op, ops, h }) {
      const res = await residual(op, ops, h.get('y'), h.get('x'));
      const resnorm = await ops.norm(res);
      h.set('g', await ops.apply(op, res, true), 'model');
      await ops.space.free(res);
      return { scalars: { resnorm } };
    },
    async update(env) {
      const { ops, h, ctx } = env;
      const x = h.get('x');
      const xold = h.set('xold', await ops.copy(x), 'model');
      void ops.axpby(ctx.scalars.alpha, h.get('g'), 1, x); // x + alpha Op^H res
      const { xupdate, l1 } = await thresholdAndMeasure(env, x, xold);
      h.drop('g', 'xold', 'd');
      return { scalars: { xupdate }, cost: 0.5 * ctx.scalars.resnorm ** 2 + (ctx.params.eps as number) * l1 };
    },
  },
};

export const istaMachine = solverMachine(istaDef);
registerSolver(istaDef, istaMachine);

/**
 * Sparse solution of `Op x = y`: minimises `||y - Op x||^2 + eps ||x||_p` (p = 1, 0, 1/2) with ISTA.
 *
 * @example
 * const { x, cost } = await ista(Op, y, { niter: 50, eps: 0.1, alpha: 0.17, threshkind: 'soft' });
 */
export async function ista<X = FloatArray>(Op: unknown, y: X, options: IstaOptions<X> = {}): Promise<SolverResult<X>> {
  const o = options as Record<string, unknown>;
  return solve(istaDef, istaMachine, Op, y, options.x0, niterOf('ista', o, 10), sparsityParams('ista', o), options as RunOptions<never>) as Promise<SolverResult<X>>;
}
