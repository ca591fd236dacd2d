import { InvalidParameterError } from '../core/errors.ts';
import { parseChoice, parseNumber } from '../core/params.ts';
import { KINDS, type Kind, ORDERS, type Order } from './stencils.ts';

/** Parameter parsing shared by the derivative operators (PyLops names and defaults, typed errors). */

/** `kind`: centered (default), forward or backward. */
export function parseKind(op: string, kind: unknown): Kind {
  return parseChoice(op, 'kind', kind, KINDS, 'centered');
}

/** `order`: 3 (default) or 5. */
export function parseOrder(op: string, order: unknown): Order {
  if (order === undefined || order === null) return 3;
  if (!ORDERS.includes(order as Order)) throw new InvalidParameterError(op, 'order', order, 'one of 3, 5');
  return order as Order;
}

/** A sampling step: a finite, non-zero number (default 1). */
export function parseSampling(op: string, value: unknown, name = 'sampling'): number {
  const s = parseNumber(op, name, value, 1);
  if (s === 0) throw new InvalidParameterError(op, name, value, 'a finite non-zero number');
  return s;
}

/**
 * A per-axis list of `n` numbers; a single number is repeated when `scalarOk` (Gradient's `sampling`).
 * Each element is checked with `item`.
 */
export function parsePerAxis(op: string, name: string, value: unknown, n: number, fallback: readonly number[] | number, item: (v: unknown, name: string) => number, scalarOk = false): number[] {
  const v = value === undefined || value === null ? fallback : value;
  if (typeof v === 'number' && scalarOk) return Array.from({ length: n }, () => item(v, name));
  if (!Array.isArray(v) || v.length !== n) {
    throw new InvalidParameterError(op, name, value, `a list of ${n} numbers${scalarOk ? ' or a single number' : ''} (one per axis)`);
  }
  return v.map((e, i) => item(e, `${name}[${i}]`));
}
