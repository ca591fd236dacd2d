/**
 * The 1-D stencils of PyLops' FirstDerivative and SecondDerivative, written as banded matrices: every
 * interior row i applies the same taps, y[i] = Σ_t c_t x[i + o_t]; the first and last few rows are listed
 * explicitly (an empty row is a zero output sample). Coefficients are for sampling = 1.
 */

export type Kind = 'centered' | 'forward' | 'backward';
export const KINDS: readonly Kind[] = ['centered', 'forward', 'backward'];
export type Order = 3 | 5;
export const ORDERS: readonly Order[] = [3, 5];

/** One matrix entry relative to its row: [column - row, coefficient]. */
export type Tap = readonly [offset: number, coef: number];
/** A row of the matrix as taps (empty: the output sample is 0). */
export type Row = readonly Tap[];

export interface Stencil {
  /** Taps of every interior row, in evaluation order. */
  readonly taps: Row;
  /** Rows 0, 1, ... of the axis. */
  readonly first: readonly Row[];
  /** Rows n - last.length, ..., n - 1 of the axis. */
  readonly last: readonly Row[];
}

const zero: Row = [];

/** PyLops FirstDerivative: `edge` and `order` only matter for `centered`. */
export function firstDerivativeStencil(kind: Kind, edge: boolean, order: Order): Stencil {
  if (kind === 'forward') return { taps: [[0, -1], [1, 1]], first: [], last: [zero] }; // y[i] = x[i+1] - x[i]
  if (kind === 'backward') return { taps: [[-1, -1], [0, 1]], first: [zero], last: [] }; // y[i] = x[i] - x[i-1]
  const oneSided: { left: Row; right: Row } = { left: [[0, -1], [1, 1]], right: [[-1, -1], [0, 1]] }; // y[0] = x[1] - x[0]
  const half: Row = [[-1, -0.5], [1, 0.5]]; // y[i] = (x[i+1] - x[i-1]) / 2
  if (order === 3) {
    return { taps: half, first: [edge ? oneSided.left : zero], last: [edge ? oneSided.right : zero] };
  }
  return {
    taps: [[-2, 1 / 12], [-1, -2 / 3], [1, 2 / 3], [2, -1 / 12]], // y[i] = x[i-2]/12 - 2x[i-1]/3 + 2x[i+1]/3 - x[i+2]/12
    first: edge ? [oneSided.left, half] : [zero, zero],
    last: edge ? [half, oneSided.right] : [zero, zero],
  };
}

/** PyLops SecondDerivative: `edge` only matters for `centered`. */
export function secondDerivativeStencil(kind: Kind, edge: boolean): Stencil {
  if (kind === 'forward') return { taps: [[0, 1], [1, -2], [2, 1]], first: [], last: [zero, zero] }; // y[i] = x[i] - 2x[i+1] + x[i+2]
  if (kind === 'backward') return { taps: [[-2, 1], [-1, -2], [0, 1]], first: [zero, zero], last: [] }; // y[i] = x[i-2] - 2x[i-1] + x[i]
  return {
    taps: [[-1, 1], [0, -2], [1, 1]], // y[i] = x[i-1] - 2x[i] + x[i+1]
    first: [edge ? [[0, 1], [1, -2], [2, 1]] : zero], // y[0] = x[0] - 2x[1] + x[2]
    last: [edge ? [[-2, 1], [-1, -2], [0, 1]] : zero], // y[-1] = x[-3] - 2x[-2] + x[-1]
  };
}

/** The stencil with every coefficient divided by `d` (sampling, or sampling² for second derivatives). */
export function divide(s: Stencil, d: number): Stencil {
  const row = (r: Row): Row => r.map(([o, c]) => [o, c / d] as const);
  return { taps: row(s.taps), first: s.first.map(row), last: s.last.map(row) };
}
