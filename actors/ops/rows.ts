/**
 * Pure split-phase application of one axis kernel to a block (no I/O). The block's owned rows along the
 * axis are split into an interior, computable from the block alone, and two edges that need halo rows
 * from the neighbours. The interior runs while the halo slabs are in flight; the edges run once they
 * arrived, on a thin input assembled from [left halo | own rows | right halo].
 *
 * Every kernel decides a row's rule from its global index only (operators/core/kernel.ts), so any such
 * split gives the bits of one whole-array call.
 */
import type { FloatArray } from '../../operators/core/dtype.ts';
import { placeAxis, sliceAxis } from '../../operators/core/halo.ts';
import type { AxisKernel, AxisWindow } from '../../operators/core/kernel.ts';
import type { StencilAxisKernel } from '../../operators/derivatives/types.ts';
import type { AxisView } from './exchange.ts';

/** Where a block sits along the axis and what halo it holds. */
export interface BlockRows {
  view: AxisView;
  /** The block's own numbers, (outer, n, inner). */
  own: FloatArray;
  /** Global index of the first owned row, and the axis length. */
  start: number;
  total: number;
  /** Halo rows before and after (outer, L|R, inner); filled before `edges` runs. */
  left: FloatArray;
  right: FloatArray;
  L: number;
  R: number;
}

/** A kernel that may also accumulate (the derivatives' StencilAxisKernel). */
export type AddKernel = AxisKernel & Partial<Pick<StencilAxisKernel, 'forwardAdd' | 'adjointAdd'>>;

/** One kernel call: forward or adjoint; with `add`, y = y + weight · (K x) in the kernel (one rounding). */
export interface KernelCall {
  kernel: AddKernel;
  adjoint: boolean;
  add: boolean;
  weight: number;
}

/** Runs one kernel call on input `x` and output `y` described by window `w`. */
export function run(c: KernelCall, x: FloatArray, y: FloatArray, w: AxisWindow): void {
  const k = c.kernel;
  if (c.add) {
    if (!k.forwardAdd || !k.adjointAdd) throw new TypeError('an accumulating term needs a kernel with forwardAdd/adjointAdd');
    return c.adjoint ? k.adjointAdd(x, y, w, c.weight) : k.forwardAdd(x, y, w, c.weight);
  }
  return c.adjoint ? k.adjoint(x, y, w) : k.forward(x, y, w);
}

/** Rows [a, b) of the block computable without halo, for a kernel reading h = [left, right] rows. */
export function interiorBounds(h: readonly [number, number], start: number, n: number, total: number): [number, number] {
  const a = start === 0 ? 0 : Math.min(n, h[0]);
  const b = start + n === total ? n : Math.max(a, n - h[1]);
  return [a, b];
}

/** Phase 1: writes the interior rows of `out` ((outer, n, inner)). */
export function interior(k: KernelCall, h: readonly [number, number], blk: BlockRows, out: FloatArray): void {
  const { outer, n, inner } = blk.view;
  const [a, b] = interiorBounds(h, blk.start, n, blk.total);
  if (b <= a) return;
  if (a === 0 && b === n) return run(k, blk.own, out, { outer, inner, start: blk.start, count: n, total: blk.total, left: 0, right: 0 });
  const w: AxisWindow = { outer: 1, inner, start: blk.start + a, count: b - a, total: blk.total, left: a, right: n - b };
  for (let o = 0; o < outer; o++) run(k, blk.own.subarray(o * n * inner, (o + 1) * n * inner), out.subarray((o * n + a) * inner, (o * n + b) * inner), w);
}

/** Phase 2: writes the edge rows of `out` (those `interior` left), reading the halo. */
export function edges(k: KernelCall, h: readonly [number, number], blk: BlockRows, out: FloatArray): void {
  const n = blk.view.n;
  const [a, b] = interiorBounds(h, blk.start, n, blk.total);
  if (b <= a) return edgeRange(k, h, blk, out, 0, n);
  if (a > 0) edgeRange(k, h, blk, out, 0, a);
  if (b < n) edgeRange(k, h, blk, out, b, n);
}

/** Output rows [i0, i1) from input rows [i0 - h0, i1 + h1) clipped to what exists. */
function edgeRange(k: KernelCall, h: readonly [number, number], blk: BlockRows, out: FloatArray, i0: number, i1: number): void {
  const { outer, n, inner } = blk.view;
  const lo = Math.max(i0 - h[0], -blk.L);
  const hi = Math.min(i1 + h[1], n + blk.R);
  const ext = assembleRows(blk, lo, hi);
  const tmp = k.add ? sliceAxis(out, outer, n, inner, i0, i1 - i0) : new (out.constructor as Float64ArrayConstructor)(outer * (i1 - i0) * inner);
  run(k, ext, tmp, { outer, inner, start: blk.start + i0, count: i1 - i0, total: blk.total, left: i0 - lo, right: hi - i1 });
  placeAxis(out, outer, n, inner, tmp, i0, i1 - i0);
}

/** Rows [lo, hi) (row -1 = last left-halo row, row n = first right-halo row) as (outer, hi - lo, inner). */
export function assembleRows(blk: BlockRows, lo: number, hi: number): FloatArray {
  const { outer, n, inner } = blk.view;
  const m = hi - lo;
  const ext = new (blk.own.constructor as Float64ArrayConstructor)(outer * m * inner);
  const parts: [FloatArray, number, number][] = [
    [blk.left, blk.L, -blk.L], // source, its rows, index of its first row
    [blk.own, n, 0],
    [blk.right, blk.R, n],
  ];
  for (const [src, rows, first] of parts) {
    const from = Math.max(lo, first);
    const to = Math.min(hi, first + rows);
    if (to <= from) continue;
    for (let o = 0; o < outer; o++) {
      const s = (o * rows + from - first) * inner;
      ext.set(src.subarray(s, s + (to - from) * inner), (o * m + from - lo) * inner);
    }
  }
  return ext;
}

/** y = w · y (the first term's weight; nothing to do for w = 1: same bits). */
export function scaleBy(y: FloatArray, w: number): void {
  if (w !== 1) for (let i = 0; i < y.length; i++) y[i] = w * y[i];
}
