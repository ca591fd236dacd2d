import type { FloatArray } from '../core/dtype.ts';
import { ShapeMismatchError } from '../core/errors.ts';
import type { AxisWindow } from '../core/kernel.ts';
import { type CarriedLoop, carriedLoop } from './lastAxisLoops.ts';
import { type TapLoop, explicitRow, tapLoops } from './loops.ts';
import { consecutive3, rowPairs3 } from './rowPairLoops.ts';
import type { Row } from './stencils.ts';
import type { StencilAxisKernel } from './types.ts';

/** Entries of one explicit output sample: global source indices along the axis and their coefficients. */
export interface Entries {
  readonly src: Int32Array;
  readonly coef: Float64Array;
}

/**
 * One direction (forward, or adjoint) of a banded matrix of size n along an axis: output samples
 * g in [lo, n - hi) use the taps, y[g] = Σ_t c_t x[g + o_t]; the others are explicit lists. Which rule a
 * sample uses depends only on its global index g, so any split into blocks gives the same bits.
 */
export class BandedRows {
  /** Offsets of the interior taps, in evaluation order. */
  readonly off: Int32Array;
  /** Coefficients of the interior taps. */
  readonly coef: Float64Array;
  private readonly loop: TapLoop;
  private readonly loopAdd: TapLoop;
  /** The loop for inner = 1, when the taps have one (see lastAxisLoops.ts). */
  private readonly carried: CarriedLoop | undefined;
  /** Whether inner > 1 runs two rows at a time (see rowPairLoops.ts). */
  private readonly pairs: boolean;

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
    this.pairs = consecutive3(this.off);
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
    const pairs = inner > 1 && this.pairs;
    for (let o = 0; o < outer; o++) {
      const yBase = (o * count - start) * inner; // y index of global row g: yBase + g * inner
      const xBase = (o * rows + left - start) * inner; // x index of global sample g: xBase + g * inner
      for (let g = start; g < a; g++) this.row(g, x, xBase, y, yBase + g * inner, inner, add, wt);
      if (b > a && carried) carried(y, yBase + a, yBase + b, x, xBase - yBase + this.off[0], this.coef, add, wt);
      else if (b > a && pairs) rowPairs3(y, yBase + a * inner, yBase + b * inner, x, xBase - yBase + this.off[0] * inner, inner, this.coef, add, wt);
      else if (b > a) loop(y, yBase + a * inner, yBase + b * inner, x, xBase - yBase, inner, this.off, this.coef, wt);
      for (let g = b; g < end; g++) this.row(g, x, xBase, y, yBase + g * inner, inner, add, wt);
    }
  }

  /** The explicit entries of output sample g (g outside [lo, n - hi)). */
  entry(g: number): Entries {
    return g < this.lo ? this.head[g] : this.tail[g - (this.n - this.hi)];
  }

  private row(g: number, x: FloatArray, xBase: number, y: FloatArray, yAt: number, inner: number, add: boolean, w: number): void {
    const e = this.entry(g);
    explicitRow(y, yAt, inner, x, xBase, e.src, e.coef, add, w);
  }
}


/** A stencil kernel that also shows its two directions, for fused loops over several kernels (fusedLaplacian.ts). */
export interface BandedKernel extends StencilAxisKernel {
  readonly bands: { readonly forward: BandedRows; readonly adjoint: BandedRows };
}

/** The rows of `kernel` in one direction, when it is a BandedKernel. */
export function bandsOf(kernel: StencilAxisKernel, adjoint: boolean): BandedRows | undefined {
  const b = (kernel as Partial<BandedKernel>).bands;
  return b === undefined ? undefined : adjoint ? b.adjoint : b.forward;
}
