import { InvalidParameterError } from '../core/errors.ts';
import { type BandedKernel, BandedRows, type Entries } from './BandedRows.ts';
import type { Row, Stencil } from './stencils.ts';

/** Where a kernel is used, for the error thrown when the axis is too short for its stencil. */
export interface KernelSite {
  operator: string;
  dims: readonly number[];
  axis: number;
}

/**
 * Builds the AxisKernel of `stencil` on an axis of length n. The adjoint is the exact transpose, as a
 * gather per output sample: x[k] = Σ_{rows i touching k} A[i, k] y[i], rows in increasing order.
 * Throws InvalidParameterError (on `dims`) when the axis is too short for the stencil's edge rows.
 */
export function stencilKernel(stencil: Stencil, n: number, site: KernelSite): BandedKernel {
  const lo = stencil.first.length;
  const hi = stencil.last.length;
  const rowTaps = (g: number): Row => (g >= n - hi ? stencil.last[g - (n - hi)] : g < lo ? stencil.first[g] : stencil.taps); // the last rows win, as in PyLops
  checkLength(rowTaps, n, lo, hi, site);
  const all = [stencil.taps, ...stencil.first, ...stencil.last].flat();
  const minOff = Math.min(0, ...all.map((t) => t[0]));
  const maxOff = Math.max(0, ...all.map((t) => t[0]));
  const entries = (list: [number, number][]): Entries => ({ src: Int32Array.from(list, (e) => e[0]), coef: Float64Array.from(list, (e) => e[1]) });
  const rowOf = (g: number) => entries(rowTaps(g).map(([o, c]) => [g + o, c]));
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  const forward = new BandedRows(n, stencil.taps, lo, hi, range(0, Math.min(lo, n)).map(rowOf), range(Math.max(0, n - hi), n).map(rowOf), [-minOff, maxOff]);

  // Adjoint: column k gathers rows k - maxOff ... k - minOff.
  const column = (k: number) => {
    const list: [number, number][] = [];
    for (let r = Math.max(0, k - maxOff); r <= Math.min(n - 1, k - minOff); r++) {
      for (const [o, c] of rowTaps(r)) if (r + o === k) list.push([r, c]);
    }
    return list;
  };
  const adjTaps: Row = stencil.taps.map(([o, c]) => [-o, c] as const).reverse(); // rows in increasing order
  const interiorRow = (r: number) => r >= lo && r < n - hi;
  const interiorColumn = (k: number) => {
    const list = column(k);
    return list.length === adjTaps.length && list.every(([r, c], t) => interiorRow(r) && r === k + adjTaps[t][0] && c === adjTaps[t][1]);
  };
  const reach = Math.max(lo, hi) + 2 * (maxOff - minOff) + 1; // beyond this, every column is interior
  let alo = n;
  let ahi = 0;
  if (n > 2 * reach) {
    alo = 0;
    for (let k = 0; k < reach; k++) if (!interiorColumn(k)) alo = k + 1;
    for (let k = n - 1; k >= n - reach; k--) if (!interiorColumn(k)) ahi = n - k;
  }
  const colOf = (k: number) => entries(column(k));
  const adjoint = new BandedRows(n, adjTaps, alo, ahi, range(0, alo).map(colOf), range(n - ahi, n).map(colOf), [maxOff, -minOff]);

  const name = `${site.operator} kernel`;
  return {
    halo: forward.halo,
    haloAdjoint: adjoint.halo,
    forward: (x, y, w) => forward.apply(x, y, w, name),
    adjoint: (y, x, w) => adjoint.apply(y, x, w, name),
    forwardAdd: (x, y, w, weight) => forward.apply(x, y, w, name, weight),
    adjointAdd: (y, x, w, weight) => adjoint.apply(y, x, w, name, weight),
    bands: { forward, adjoint },
  };
}

/** Every row must read samples inside [0, n): PyLops raises for such short axes too. */
function checkLength(rowTaps: (g: number) => Row, n: number, lo: number, hi: number, site: KernelSite): void {
  const edgeRows = new Set([...Array(Math.min(n, lo + 1)).keys(), ...Array.from({ length: Math.min(n, hi + 1) }, (_, i) => n - 1 - i)]);
  for (const g of edgeRows) {
    for (const [o] of rowTaps(g)) {
      if (g + o < 0 || g + o >= n) {
        throw new InvalidParameterError(site.operator, 'dims', site.dims, `long enough along axis ${site.axis} for this stencil (row ${g} reads sample ${g + o} of ${n})`);
      }
    }
  }
}
