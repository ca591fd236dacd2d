/**
 * Pure block kernels of the partition actors: vector operations, partial reductions, seeded fills and
 * N-D box copies. No I/O. Complex blocks are interleaved `[re, im]` pairs (`cplx = true`). Each partial
 * reduction runs sequentially over one block in C order, so a reduction summed block by block in block
 * order gives the same bits for any placement of the blocks.
 */
import type { FloatArray } from '../operators/core/dtype.ts';

/** A real scalar or a complex one as `[re, im]`. */
export type Scalar = number | readonly [number, number];

const re = (a: Scalar) => (typeof a === 'number' ? a : a[0]);
const im = (a: Scalar) => (typeof a === 'number' ? 0 : a[1]);

/** out = alpha x + beta y (out may alias x or y). Real scalars on complex data scale both parts. */
export function axpby(out: FloatArray, alpha: Scalar, x: FloatArray, beta: Scalar, y: FloatArray, cplx: boolean): void {
  const ar = re(alpha);
  const ai = im(alpha);
  const br = re(beta);
  const bi = im(beta);
  if (!cplx || (ai === 0 && bi === 0)) {
    if (br === 1) for (let i = 0; i < out.length; i++) out[i] = ar * x[i] + y[i]; // out[i] = a x[i] + y[i]
    else for (let i = 0; i < out.length; i++) out[i] = ar * x[i] + br * y[i]; // out[i] = a x[i] + b y[i]
    return;
  }
  for (let i = 0; i < out.length; i += 2) {
    const xr = x[i];
    const xi = x[i + 1];
    const yr = y[i];
    const yi = y[i + 1];
    out[i] = ar * xr - ai * xi + (br * yr - bi * yi); // Re(a x + b y)
    out[i + 1] = ar * xi + ai * xr + (br * yi + bi * yr); // Im(a x + b y)
  }
}

/** out = alpha x (out may alias x). */
export function scale(out: FloatArray, alpha: Scalar, x: FloatArray, cplx: boolean): void {
  const ar = re(alpha);
  const ai = im(alpha);
  if (!cplx || ai === 0) {
    for (let i = 0; i < out.length; i++) out[i] = ar * x[i];
    return;
  }
  for (let i = 0; i < out.length; i += 2) {
    const xr = x[i];
    const xi = x[i + 1];
    out[i] = ar * xr - ai * xi;
    out[i + 1] = ar * xi + ai * xr;
  }
}

/** out = x ⊙ y elementwise (complex product for complex data; out may alias). */
export function multiply(out: FloatArray, x: FloatArray, y: FloatArray, cplx: boolean): void {
  if (!cplx) {
    for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
    return;
  }
  for (let i = 0; i < out.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    const c = y[i];
    const d = y[i + 1];
    out[i] = a * c - b * d; // (a + ib)(c + id)
    out[i + 1] = a * d + b * c;
  }
}

/** Σ x_i y_i over the block, or Σ conj(x_i) y_i when `conj`; `[re, im]` (im = 0 for real data). */
export function partialDot(x: FloatArray, y: FloatArray, cplx: boolean, conj: boolean): [number, number] {
  if (!cplx) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return [s, 0];
  }
  const sgn = conj ? -1 : 1;
  let sr = 0;
  let si = 0;
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i];
    const b = sgn * x[i + 1];
    sr += a * y[i] - b * y[i + 1];
    si += a * y[i + 1] + b * y[i];
  }
  return [sr, si];
}

/** Norm orders the actors reduce: 1 (Σ|x|), 2 (Σ|x|² before the root), Infinity (max |x|). */
export type NormOrd = 1 | 2 | typeof Infinity;

/** The block's part of a norm: Σ|x| (ord 1), Σ|x|² (ord 2) or max|x| (ord ∞). */
export function partialNorm(x: FloatArray, cplx: boolean, ord: NormOrd): number {
  let s = 0;
  const step = cplx ? 2 : 1;
  for (let i = 0; i < x.length; i += step) {
    const a = cplx ? Math.sqrt(x[i] * x[i] + x[i + 1] * x[i + 1]) : Math.abs(x[i]);
    if (ord === 2) s += a * a;
    else if (ord === 1) s += a;
    else if (a > s || Number.isNaN(a)) s = a;
  }
  return s;
}

/** Combines block partials of a norm in block order. */
export function combineNorm(partials: readonly number[], ord: NormOrd): number {
  if (ord === Infinity) return partials.reduce((m, a) => (a > m || Number.isNaN(a) ? a : m), 0);
  let s = 0;
  for (const p of partials) s += p;
  return ord === 2 ? Math.sqrt(s) : s;
}

/**
 * The k-th output (k = 0, 1, …) of `mulberry32(seed)` from operators/core/NDArray.ts without running
 * the k outputs before it: that generator's state after k+1 steps is seed + (k+1)·0x6d2b79f5 mod 2³².
 */
export function mulberry32At(seed: number, k: number): number {
  let t = ((seed >>> 0) + (Math.imul((k + 1) | 0, 0x6d2b79f5) >>> 0)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * Fills a block (at `start` of shape `shape` inside a global array of `global` shape) with the numbers
 * `NDArray.random(global, seed)` has at those positions: uniform in [-1, 1). `width` is 2 for complex.
 */
export function fillRandom(out: FloatArray, seed: number, global: readonly number[], start: readonly number[], shape: readonly number[], width: number): void {
  let o = 0;
  forEachRow(shape, (idx) => {
    let g = 0;
    for (let a = 0; a < global.length; a++) g = g * global[a] + start[a] + (a < idx.length ? idx[a] : 0);
    const n = (shape.length ? shape[shape.length - 1] : 1) * width;
    for (let j = 0; j < n; j++) out[o++] = 2 * mulberry32At(seed, g * width + j) - 1;
  });
}

/**
 * Copies the box of extent `shape` at `srcAt` of a C-order `src` of shape `srcShape` to `dstAt` of
 * `dst` of shape `dstShape`. `width` numbers per element (2 for complex).
 */
export function copyBox(
  src: FloatArray, srcShape: readonly number[], srcAt: readonly number[],
  dst: FloatArray, dstShape: readonly number[], dstAt: readonly number[],
  shape: readonly number[], width: number,
): void {
  const nd = shape.length;
  const row = (nd ? shape[nd - 1] : 1) * width;
  forEachRow(shape, (idx) => {
    let s = 0;
    let d = 0;
    for (let a = 0; a < nd; a++) {
      const k = a < idx.length ? idx[a] : 0;
      s = s * srcShape[a] + srcAt[a] + k;
      d = d * dstShape[a] + dstAt[a] + k;
    }
    dst.set(src.subarray(s * width, s * width + row), d * width);
  });
}

/** Calls `fn` with the index over all axes but the last of `shape`, in C order (once for 0-D/1-D). */
function forEachRow(shape: readonly number[], fn: (idx: number[]) => void): void {
  const lead = shape.slice(0, -1);
  if (lead.some((n) => n === 0) || (shape.length && shape[shape.length - 1] === 0)) return;
  const idx = new Array<number>(lead.length).fill(0);
  for (;;) {
    fn(idx);
    let a = lead.length - 1;
    while (a >= 0 && ++idx[a] === lead[a]) idx[a--] = 0;
    if (a < 0) return;
  }
}
