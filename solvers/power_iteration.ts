import type { FloatArray } from '../operators/core/dtype.ts';
import { InvalidParameterError } from '../operators/core/errors.ts';
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import { mulberry32 } from '../operators/core/NDArray.ts';
import { niterOf, num } from './common.ts';
import { solverMachine } from './machine.ts';
import { registerSolver, solve } from './solve.ts';
import type { RunOptions, SolverDef, SolverResult } from './types.ts';

/** Keywords of `power_iteration` / `eigs`. */
export interface PowerIterationOptions extends RunOptions<FloatArray> {
  /** @defaultValue 10 (power_iteration), 1000 (eigs) */
  niter?: number;
  /** Stop when |maxeig - maxeig_old| < tol |maxeig_old|. @defaultValue 1e-5 (power_iteration), 1e-12 (eigs) */
  tol?: number;
  /** Seed of the random start vector (uniform in [0, 1), + i uniform for a complex model). @defaultValue 0 */
  seed?: number;
}

export interface EigResult<X = FloatArray> extends SolverResult<X> {
  /** power_iteration: the Rayleigh quotient <b, Op b> (real part); eigs: its modulus. */
  maxeig: number;
}

/** A random unit-free start vector for `op`'s model side (PyLops: rand + 1j rand for complex). */
export function randomStart(op: LinearOperator, seed: number): Float64Array {
  const next = mulberry32(seed);
  const b = new Float64Array(op.modelComplex ? 2 * op.shape[1] : op.shape[1]);
  for (let i = 0; i < b.length; i++) b[i] = next();
  return b;
}

/**
 * Power iteration for the eigenvalue of largest modulus of a square operator, as PyLops'
 * `power_iteration`:
 *
 *   setup: b = random / ||random||
 *   apply: b1 = Op b,  maxeig = <b, b1>,  b = b1 / ||b1||
 *
 * until |maxeig - maxeig_old| < tol |maxeig_old| or niter. Cost: maxeig after each iteration.
 * Converges like |lambda_2 / lambda_1|^k; a dominant pair ±lambda or a complex pair does not converge.
 */
export const powerIterationDef: SolverDef = {
  name: 'power_iteration',
  phases: ['apply'],
  costLabel: 'maxeig',
  result: 'b',
  converged: (ctx) => (ctx.scalars.settled === 1 ? 'tol' : null),

  async setup({ op, ops, h, ctx }) {
    const b = h.set('b', await ops.fromLocal(randomStart(op, ctx.params.seed as number), 'model'), 'model');
    void ops.scale(1 / (await ops.norm(b)), b);
    return { scalars: { maxeig: 0, maxeigIm: 0, settled: 0 } };
  },

  step: {
    async apply({ op, ops, h, ctx }) {
      const tol = ctx.params.tol as number;
      const b1 = await ops.apply(op, h.get('b'), false);
      const [d, n] = await Promise.all([ops.dot(h.get('b'), b1), ops.norm(b1)]);
      void ops.scale(1 / n, b1);
      h.set('b', b1, 'model');
      const { maxeig: old, maxeigIm: oldIm } = ctx.scalars;
      const settled = Math.hypot(d.re - old, d.im - oldIm) < tol * Math.hypot(old, oldIm) ? 1 : 0;
      return { scalars: { maxeig: d.re, maxeigIm: d.im, settled }, cost: d.re };
    },
  },
};

export const powerIterationMachine = solverMachine(powerIterationDef);
registerSolver(powerIterationDef, powerIterationMachine);

async function run(name: string, Op: unknown, options: PowerIterationOptions, niter: number, tol: number): Promise<SolverResult> {
  const o = options as Record<string, unknown>;
  const seed = num(name, o, 'seed', 0);
  if (!Number.isInteger(seed)) throw new InvalidParameterError(name, 'seed', seed, 'an integer');
  const params = { tol: num(name, o, 'tol', tol, 0), seed };
  return solve(powerIterationDef, powerIterationMachine, Op, undefined, undefined, niterOf(name, o, niter), params, options as RunOptions<never>);
}

/**
 * PyLops' `power_iteration`: the largest-modulus eigenvalue (Rayleigh quotient) and its eigenvector `x`.
 *
 * @example
 * const { maxeig, x } = await power_iteration(Op, { niter: 50 });
 */
export async function power_iteration(Op: unknown, options: PowerIterationOptions = {}): Promise<EigResult> {
  const res = await run('power_iteration', Op, options, 10, 1e-5);
  return { ...res, x: res.x as FloatArray, maxeig: res.info.maxeig };
}

/**
 * The largest |eigenvalue| of a square operator by power iteration run to convergence (defaults
 * niter 1000, tol 1e-12, so the estimate is good to ~1e-10 unless |lambda_2 / lambda_1| is near 1).
 *
 * @example
 * const { maxeig } = await eigs(Op.H.dot(Op)); // alpha = 1 / maxeig for ista
 */
export async function eigs(Op: unknown, options: PowerIterationOptions = {}): Promise<EigResult> {
  const res = await run('eigs', Op, options, 1000, 1e-12);
  return { ...res, x: res.x as FloatArray, maxeig: Math.hypot(res.info.maxeig, res.info.maxeigIm) };
}
