/** Small pieces shared by the solver definitions: initial model, residual, option parsing. */
import { InvalidParameterError } from '../operators/core/errors.ts';
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import type { Handles } from './handles.ts';
import type { KeyedOps } from './vectors.ts';

/** x = copy of x0 (then x0 is dropped) or zeros, as PyLops' setup does. */
export async function initialModel<V>(ops: KeyedOps<V>, h: Handles<V>): Promise<V> {
  if (!h.has('x0')) return h.set('x', await ops.zeros('model'), 'model');
  const x = h.set('x', await ops.copy(h.get('x0')), 'model');
  h.drop('x0');
  return x;
}

/** A new data vector r = y - Op x (r[i] = 1 y[i] + (-1) (Op x)[i]). */
export async function residual<V>(op: LinearOperator, ops: KeyedOps<V>, y: V, x: V): Promise<V> {
  const r = await ops.apply(op, x, false);
  void ops.axpby(1, y, -1, r);
  return r;
}

/** True when the run started from x = 0 (PyLops skips the Op x apply then). */
export const fromZero = <V>(h: Handles<V>) => !h.has('x0');

/** A number option (PyLops keyword) with its default; typed error naming the solver and keyword. */
export function num(solver: string, opts: Record<string, unknown>, name: string, fallback: number, min = -Infinity): number {
  const v = opts[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < min) throw new InvalidParameterError(solver, name, v, min === -Infinity ? 'a number' : `a number >= ${min}`);
  return v;
}

/** `niter`: a non-negative integer. */
export function niterOf(solver: string, opts: Record<string, unknown>, fallback: number): number {
  const v = opts.niter ?? fallback;
  if (!Number.isInteger(v) || (v as number) < 0) throw new InvalidParameterError(solver, 'niter', v, 'a non-negative integer');
  return v as number;
}

/**
 * The step length `a` of cg/cgls, or a = 0 with `breakdown` set when it is not finite (0/0 or x/0
 * after the residual underflowed; PyLops would fill x with inf/nan there).
 */
export function breakdownGuard(a: number): { a: number; breakdown?: number } {
  return Number.isFinite(a) ? { a } : { a: 0, breakdown: 1 };
}
export const breakdown = (ctx: { scalars: Record<string, number> }) => (ctx.scalars.breakdown === 1 ? 'breakdown' : null);
