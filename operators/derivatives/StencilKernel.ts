import type { FloatArray } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import type { AxisWindow } from '../core/kernel.ts';
import { type CarriedLoop, carriedLoop } from './lastAxisLoops.ts';
import { type TapLoop, explicitRow, tapLoops } from './loops.ts';
import type { Row, Stencil } from './stencils.ts';
import type { StencilAxisKernel } from './types.ts';

/** Entries of one explicit output sample: global source indices along the axis and their coefficients. */
interface Entries {
  readonly src: Int32Array;
  readonly coef: Float64Array;
}

/** Where a kernel is used, for the error thrown when the axis is too short for its stencil. */
export interface KernelSite {
  operator: string;
  dims: readonly number[];
  axis: number;
}

/**
 * One direction (forward, or adjoint) of a banded matrix of size n along an axis: output samples
 * g in [lo, n - hi) use the taps, y[g] = Σ_t c_t x[g + o_t]; the others are explicit lists. Which rule a
 * sample uses depends only on its global index g, so any split into blocks gives the same bits.
 */
class BandedRows {
  private readonly off: Int32Array;
  private readonly coef: Float64Array;
  private readonly loop: TapLoop;
  private readonly loopAdd: TapLoop;
  /** The loop for inner = 1, when the taps have one (see lastAxisLoops.ts). */
  private readonly carried: CarriedLoop | undefined;

  constructor(
    readonly n: number,
    taps: Row,
    readonly lo: number,
    readonly hi: number,
    private readonly head: readonly Entries[],
    private readonly tail: readonly Entries[],
    readonly halo: readonly [number, number],
  ) {
    this.off = Int32Array.from(taps, (t) => t[0]);
    this.coef = Float64Array.from(taps, (t) => t[1]);
    [this.loop, this.loopAdd] = tapLoops(taps.length);
    this.carried = carriedLoop(this.off);
  }

  /**
   * y (outer, count, inner) = rows [start, start + count) applied to x (outer, left + count + right, inner);
   * with a `weight`, y = y + weight · (rows applied to x) instead.
   */
  apply(x: FloatArray, y: FloatArray, w: AxisWindow, name: string, weight?: number): void {
    const { outer, inner, start, count, left, right } = w;
    const rows = left + count + right;
    if (w.total !== this.n) throw new ShapeMismatchError(name, [this.n], [w.total], 'window.total must equal the axis length the kernel was built for');
    if (x.length !== outer * rows * inner) throw new ShapeMismatchError(name, [outer, rows, inner], [x.length], 'input block');
    if (y.length !== outer * count * inner) throw new ShapeMismatchError(name, [outer, count, inner], [y.length], 'output block');
    const end = start + count;
    const a = Math.min(Math.max(this.lo, start), end); // first interior row of the block
    const b = Math.max(Math.min(this.n - this.hi, end), a); // end of the interior rows
    const add = weight !== undefined;
    const wt = weight ?? 1;
    const loop = add ? this.loopAdd : this.loop;
    const carried = inner === 1 ? this.carried : undefined;
    for (let o = 0; o < outer; o++) {
      const yBase = (o * count - start) * inner; // y index of global row g: yBase + g * inner
      const xBase = (o * rows + left - start) * inner; // x index of global sample g: xBase + g * inner
      for (let g = start; g < a; g++) this.row(g, x, xBase, y, yBase + g * inner, inner, add, wt);
      if (b > a && carried) carried(y, yBase + a, yBase + b, x, xBase - yBase + this.off[0], this.coef, add, wt);
      else if (b > a) loop(y, yBase + a * inner, yBase + b * inner, x, xBase - yBase, inner, this.off, this.coef, wt);
      for (let g = b; g < end; g++) this.row(g, x, xBase, y, yBase + g * inner, inner, add, wt);
    }
  }

  private row(g: number, x: FloatArray, xBase: number, y: FloatArray, yAt: number, inner: number, add: boolean, w: number): void {
    const e = g < this.lo ? this.head[g] : this.tail[g - (this.n - this.hi)];
    explicitRow(y, yAt, inner, x, xBase, e.src, e.coef, add, w);
  }
}

/**
 * Builds the AxisKernel of `stencil` on an axis of length n. The adjoint is the exact transpose, as a
 * gather per output sample: x[k] = Σ_{rows i touching k} A[i, k] y[i], rows in increasing order.
 * Throws InvalidParameterError (on `dims`) when the axis is too short for the stencil's edge rows.
 */
export function stencilKernel(stencil: Stencil, n: number, site: KernelSite): StencilAxisKernel {
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
