import type { FloatArray } from './dtype.ts';
import type { AxisWindow } from './kernel.ts';

/**
 * Halo geometry along one chunked axis: which samples each block needs from which other blocks so a
 * stencil of widths (left, right) can run on it. Pure functions; the actors move the slabs.
 * Blocks thinner than the halo take samples from further neighbours; global edges get fewer samples.
 */

/** A slab that block `to` needs from block `from`: `length` samples starting at local index `fromStart`. */
export interface HaloPiece {
  from: number;
  to: number;
  /** First sample, local to block `from`, along the axis. */
  fromStart: number;
  length: number;
  /** Position along the axis inside the extended input of block `to` (0 = first halo sample). */
  toStart: number;
}

/** What one block receives and the extended window it runs its kernel on. */
export interface BlockHalo {
  block: number;
  start: number;
  count: number;
  left: number;
  right: number;
  pieces: HaloPiece[];
}

/** Start offsets of blocks of the given sizes. */
export function blockStarts(sizes: readonly number[]): number[] {
  const starts: number[] = [];
  let s = 0;
  for (const n of sizes) {
    starts.push(s);
    s += n;
  }
  return starts;
}

/** The halo plan for blocks of `sizes` along an axis and a stencil needing `[left, right]` samples. */
export function haloPlan(sizes: readonly number[], halo: readonly [number, number]): BlockHalo[] {
  const starts = blockStarts(sizes);
  const total = sizes.reduce((a, b) => a + b, 0);
  return sizes.map((count, b) => {
    const start = starts[b];
    const lo = Math.max(0, start - halo[0]);
    const hi = Math.min(total, start + count + halo[1]);
    const pieces: HaloPiece[] = [];
    sizes.forEach((n, c) => {
      if (c === b) return;
      const from = Math.max(lo, starts[c]);
      const to = Math.min(hi, starts[c] + n);
      if (to > from) pieces.push({ from: c, to: b, fromStart: from - starts[c], length: to - from, toStart: from - lo });
    });
    return { block: b, start, count, left: start - lo, right: hi - start - count, pieces };
  });
}

/** Copies samples [start, start+length) along the axis of a C-order (outer, n, inner) block. */
export function sliceAxis(data: FloatArray, outer: number, n: number, inner: number, start: number, length: number): FloatArray {
  const out = new (data.constructor as Float64ArrayConstructor)(outer * length * inner);
  for (let o = 0; o < outer; o++) {
    const src = (o * n + start) * inner;
    out.set(data.subarray(src, src + length * inner), o * length * inner);
  }
  return out;
}

/** Writes a slab of `length` samples into an (outer, n, inner) array at axis position `at`. */
export function placeAxis(dest: FloatArray, outer: number, n: number, inner: number, slab: FloatArray, at: number, length: number): void {
  for (let o = 0; o < outer; o++) dest.set(slab.subarray(o * length * inner, (o + 1) * length * inner), (o * n + at) * inner);
}

/** The block's own samples extended with its halo slabs (from `slabs`, one per plan piece, same order). */
export function extendBlock(own: FloatArray, outer: number, inner: number, plan: BlockHalo, slabs: readonly FloatArray[]): FloatArray {
  const n = plan.left + plan.count + plan.right;
  if (n === plan.count) return own;
  const ext = new (own.constructor as Float64ArrayConstructor)(outer * n * inner);
  placeAxis(ext, outer, n, inner, own, plan.left, plan.count);
  plan.pieces.forEach((p, i) => placeAxis(ext, outer, n, inner, slabs[i], p.toStart, p.length));
  return ext;
}

/** The kernel window of a planned block whose local shape gives `outer` and `inner`. */
export function blockWindow(plan: BlockHalo, outer: number, inner: number, total: number): AxisWindow {
  return { outer, inner, start: plan.start, count: plan.count, total, left: plan.left, right: plan.right };
}
