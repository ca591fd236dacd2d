import type { FloatArray } from '../operators/core/dtype.ts';
import { fromZero, initialModel, niterOf, num, residual } from './common.ts';
import { solverMachine } from './machine.ts';
import { registerSolver, solve } from './solve.ts';
import type { RunOptions, SolverContext, SolverDef, SolverResult } from './types.ts';

/** PyLops keywords of `lsqr`. */
export interface LsqrOptions<X = FloatArray> extends RunOptions<X> {
  x0?: X;
  /** Damping: minimises ||y - Op x||^2 + damp^2 ||x||^2. @defaultValue 0 */
  damp?: number;
  /** Stopping tolerances (see Paige & Saunders). @defaultValue 1e-8 */
  atol?: number;
  /** @defaultValue 1e-8 */
  btol?: number;
  /** Stop when the estimate of cond(Opbar) exceeds conlim. @defaultValue 1e8 */
  conlim?: number;
  /** @defaultValue 10 */
  niter?: number;
  /** Accepted for PyLops compatibility; the variance estimate is not computed. @defaultValue true */
  calc_var?: boolean;
}

const norm2 = (...v: number[]) => Math.sqrt(v.reduce((s, a) => s + a * a, 0));

/**
 * LSQR (Paige & Saunders, 1982), step for step as PyLops' `LSQR`. Golub–Kahan bidiagonalisation
 * `beta u = Op v - alfa u`, `alfa v = Op^H u - beta v`, then plane rotations (eliminating damp and
 * beta) give the update `x += (phi / rho) w`, `w = v - (theta / rho) w` and the estimates of
 * ||r||, ||Op^H r||, ||Op||, cond(Op), ||x|| behind the stopping tests (istop 1–7).
 *
 *   setup:   beta u = y - Op x0,  alfa v = Op^H u,  w = v
 *   bidiag:  the next beta, u, alfa, v
 *   update:  rotations, x and w, norms, istop
 *
 * while `iteration < niter` and istop = 0. Cost: r1norm = ||y - Op x_k|| (estimated), niter + 1 entries.
 */
export const lsqrDef: SolverDef = {
  name: 'lsqr',
  phases: ['bidiag', 'update'],
  costLabel: 'r1norm',
  converged: (ctx) => ((ctx.scalars.istop ?? 0) !== 0 ? `istop=${ctx.scalars.istop}` : null),

  async setup({ op, ops, h, ctx }) {
    const { damp, conlim } = ctx.params as Record<string, number>;
    const zero = fromZero(h);
    const x = await initialModel(ops, h);
    const u = h.set('u', zero ? await ops.copy(h.get('y')) : await residual(op, ops, h.get('y'), x), 'data');
    const beta = await ops.norm(u);
    let alfa = 0;
    if (beta > 0) {
      void ops.scale(1 / beta, u);
      const v = h.set('v', await ops.apply(op, u, true), 'model');
      alfa = await ops.norm(v);
      if (alfa > 0) {
        void ops.scale(1 / alfa, v);
        h.set('w', await ops.copy(v), 'model');
      }
    }
    const arnorm = alfa * beta;
    const scalars = {
      ...{ alfa, beta, arnorm, arnorm0: arnorm, rhobar: alfa, phibar: beta, bnorm: beta, rnorm: beta, r1norm: beta, r2norm: beta },
      ...{ anorm: 0, acond: 0, dampsq: damp * damp, ddnorm: 0, res2: 0, xnorm: 0, xxnorm: 0, z: 0, cs2: -1, sn2: 0 },
      ctol: conlim > 0 ? 1 / conlim : 0,
      // PyLops keeps iterating with arnorm = 0 (and fails); here x0 already solves the problem.
      istop: arnorm === 0 ? (beta === 0 ? 1 : 2) : 0,
    };
    return { scalars, cost: beta };
  },

  step: {
    async bidiag({ op, ops, h, ctx }) {
      const damp = ctx.params.damp as number;
      let { alfa, anorm } = ctx.scalars;
      const u = h.get('u');
      const v = h.get('v');
      const Av = await ops.apply(op, v, false);
      void ops.axpby(1, Av, -alfa, u); // u = Op v - alfa u
      await ops.space.free(Av);
      const beta = await ops.norm(u);
      if (beta > 0) {
        void ops.scale(1 / beta, u);
        anorm = norm2(anorm, alfa, beta, damp);
        const Au = await ops.apply(op, u, true);
        void ops.axpby(1, Au, -beta, v); // v = Op^H u - beta v
        await ops.space.free(Au);
        alfa = await ops.norm(v);
        if (alfa > 0) void ops.scale(1 / alfa, v);
      }
      const wnorm = await ops.norm(h.get('w'));
      return { scalars: { alfa, beta, anorm, wnorm } };
    },
    async update({ ops, h, ctx }) {
      const s = rotations(ctx);
      void ops.axpby(s.t1, h.get('w'), 1, h.get('x'));
      void ops.axpby(1, h.get('v'), s.t2, h.get('w'));
      const { r1norm, ...scalars } = s;
      return { scalars: { ...scalars, r1norm: s.r1sq < 0 ? -r1norm : r1norm }, cost: r1norm };
    },
  },
};

/** The scalar part of an LSQR step (PyLops' order of operations), given the new alfa, beta. */
function rotations(ctx: Readonly<SolverContext>) {
  const { damp, atol, btol } = ctx.params as Record<string, number>;
  const c = ctx.scalars;
  const { alfa, beta, anorm, dampsq, bnorm, arnorm0, ctol } = c;
  // eliminate damp, then beta, by plane rotations
  const rhobar1 = norm2(c.rhobar, damp);
  const cs1 = c.rhobar / rhobar1;
  const sn1 = damp / rhobar1;
  const psi = sn1 * c.phibar;
  let phibar = cs1 * c.phibar;
  const rho = norm2(rhobar1, beta);
  const cs = rhobar1 / rho;
  const sn = beta / rho;
  const theta = sn * alfa;
  const rhobar = -cs * alfa;
  const phi = cs * phibar;
  phibar = sn * phibar;
  const tau = sn * phi;
  const t1 = phi / rho;
  const t2 = -theta / rho;
  const ddnorm = c.ddnorm + (c.wnorm / rho) ** 2;
  // rotation on the right to estimate ||x||
  const delta = c.sn2 * rho;
  const gambar = -c.cs2 * rho;
  const rhs = phi - delta * c.z;
  const zbar = rhs / gambar;
  const xnorm = Math.sqrt(c.xxnorm + zbar ** 2);
  const gamma = norm2(gambar, theta);
  const cs2 = gambar / gamma;
  const sn2 = theta / gamma;
  const z = rhs / gamma;
  const xxnorm = c.xxnorm + z ** 2;
  // norms and stopping tests
  const acond = anorm * Math.sqrt(ddnorm);
  const res2 = c.res2 + psi ** 2;
  const rnorm = Math.sqrt(phibar ** 2 + res2);
  const arnorm = alfa * Math.abs(tau);
  const r1sq = rnorm ** 2 - dampsq * xxnorm;
  const r1norm = Math.sqrt(Math.abs(r1sq));
  const test1 = rnorm / bnorm;
  const test2 = arnorm / arnorm0;
  const test3 = 1 / acond;
  const tt1 = test1 / (1 + (anorm * xnorm) / bnorm);
  const rtol = btol + (atol * anorm * xnorm) / bnorm;
  let istop = 0;
  if (ctx.iteration >= ctx.niter) istop = 7;
  if (1 + test3 <= 1) istop = 6;
  if (1 + test2 <= 1) istop = 5;
  if (1 + tt1 <= 1) istop = 4;
  if (test3 <= ctol) istop = 3;
  if (test2 <= atol) istop = 2;
  if (test1 <= rtol) istop = 1;
  return { rhobar, phibar, t1, t2, ddnorm, cs2, sn2, z, xnorm, xxnorm, acond, res2, rnorm, arnorm, r1sq, r1norm, r2norm: rnorm, istop, test1, test2, test3 };
}

export const lsqrMachine = solverMachine(lsqrDef);
registerSolver(lsqrDef, lsqrMachine);

/**
 * Least-squares solution of `Op x = y` (optionally damped) with LSQR.
 *
 * @example
 * const { x, info } = await lsqr(Op, y, { niter: 20, damp: 0.1, atol: 0, btol: 0 });
 */
export async function lsqr<X = FloatArray>(Op: unknown, y: X, options: LsqrOptions<X> = {}): Promise<SolverResult<X>> {
  const o = options as Record<string, unknown>;
  const params = { damp: num('lsqr', o, 'damp', 0), atol: num('lsqr', o, 'atol', 1e-8, 0), btol: num('lsqr', o, 'btol', 1e-8, 0), conlim: num('lsqr', o, 'conlim', 1e8, 0) };
  return solve(lsqrDef, lsqrMachine, Op, y, options.x0, niterOf('lsqr', o, 10), params, options as RunOptions<never>) as Promise<SolverResult<X>>;
}
