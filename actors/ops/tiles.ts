/**
 * Row-tiled application of a stage's terms to one block, for grids where only axis 0 (the block's
 * outermost axis) exchanges halo: the same order as the local operators' applyAxisSum
 * (operators/derivatives/apply.ts). Rows of axis 0 are cut into tiles of about 256 KiB and every term
 * runs on a tile before the next tile starts, so a Laplacian's output stays in cache between its terms.
 *
 * A term along axis 0 reads its input rows [r0 - h0, r1 + h1) straight from the owned block (the kernel
 * window tells it which of those rows are halo), so no extended copy of the block is made; only the
 * thin edge tiles that reach past the block are assembled from [left halo | own rows | right halo]. A
 * term along another axis (unchunked, or with no halo) runs on the tile's rows alone. Kernels decide a
 * row's rule from its global index, so any tiling gives the bits of one whole-array call. Pure, no I/O.
 */
import type { FloatArray } from '../../operators/core/dtype.ts';
import type { AxisWindow } from '../../operators/core/kernel.ts';
import { type BlockRows, type KernelCall, assembleRows, interiorBounds, run, scaleBy } from './rows.ts';

/** Numbers of a tile of rows: its input and output stay in L2 between the terms. */
export const TILE = 32768;

/** One term on a block: its rows, kernel call, halo in the direction applied, axis and output. */
export interface TileTerm {
  axis: number;
  rows: BlockRows;
  call: KernelCall;
  halo: readonly [number, number];
  /** The term exchanges halo (its axis is chunked and its kernel reaches out): axis 0 only here. */
  exchanges: boolean;
  /** The whole output component the term writes, (n0, ...) in C order. */
  out: FloatArray;
}

/** Rows [a, b) of axis 0 every term can compute from the block alone (before the halo arrives). */
export function tileInterior(terms: readonly TileTerm[], n0: number): [number, number] {
  let a = 0;
  let b = n0;
  for (const t of terms) {
    if (!t.exchanges) continue;
    const [ta, tb] = interiorBounds(t.halo, t.rows.start, n0, t.rows.total);
    a = Math.max(a, ta);
    b = Math.min(b, tb);
  }
  return b > a ? [a, b] : [0, 0];
}

/** Output rows [r0, r1) of axis 0 for every term in order, in tiles of about TILE numbers. */
export function runTiles(terms: readonly TileTerm[], n0: number, r0: number, r1: number): void {
  if (r1 <= r0 || terms.length === 0) return;
  const rowLen = terms[0].out.length / n0;
  const step = Math.max(1, Math.floor(TILE / Math.max(1, rowLen)));
  for (let t0 = r0; t0 < r1; t0 += step) {
    const t1 = Math.min(r1, t0 + step);
    for (const t of terms) runTermRows(t, n0, rowLen, t0, t1);
  }
}

/** One term on output rows [r0, r1): the first term of a component sets (then scales), later ones add. */
function runTermRows(t: TileTerm, n0: number, rowLen: number, r0: number, r1: number): void {
  const dst = t.out.subarray(r0 * rowLen, r1 * rowLen);
  const blk = t.rows;
  if (t.axis === 0) {
    const lo = Math.max(r0 - t.halo[0], -blk.L);
    const hi = Math.min(r1 + t.halo[1], n0 + blk.R);
    const src = lo >= 0 && hi <= n0 ? blk.own.subarray(lo * rowLen, hi * rowLen) : assembleRows(blk, lo, hi);
    run(t.call, src, dst, { outer: 1, inner: rowLen, start: blk.start + r0, count: r1 - r0, total: blk.total, left: r0 - lo, right: hi - r1 });
  } else {
    const { outer, n, inner } = blk.view;
    const w: AxisWindow = { outer: (outer / n0) * (r1 - r0), inner, start: blk.start, count: n, total: blk.total, left: 0, right: 0 };
    run(t.call, blk.own.subarray(r0 * rowLen, r1 * rowLen), dst, w);
  }
  if (!t.call.add) scaleBy(dst, t.call.weight);
}
