import type { FloatArray } from '../core/dtype.ts';

/**
 * The inner loops of the stencil kernels. Both the forward and the adjoint of a banded matrix reduce to
 * `y[p] = Σ_t c[t] · x[p + d + off[t] · inner]` over a contiguous range of p (the interior rows of one
 * outer slice, whatever the axis), so one loop per tap count serves every axis, kind and direction.
 * The sum is evaluated left to right over t in double precision; explicit (edge) rows use the same order.
 * The `Add` variants accumulate instead: `y[p] = y[p] + w · (Σ_t ...)`, so a sum of kernels (Laplacian)
 * needs no extra pass.
 */
export type TapLoop = (y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number) => void;

// Unrolled by eight: V8 does not unroll, and the loop overhead is a large share of a stencil this short
// (by eight measured 15-25 % faster than by four on axis-0 stencils of 1024² and 4096² float64).
function taps2(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const c0 = c[0];
  const c1 = c[1];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1];
    y[p + 4] = c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1];
    y[p + 5] = c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1];
    y[p + 6] = c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1];
    y[p + 7] = c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1];
}

function taps2Add(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const c0 = c[0];
  const c1 = c[1];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1]);
    y[p + 1] = y[p + 1] + w * (c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1]);
    y[p + 2] = y[p + 2] + w * (c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1]);
    y[p + 3] = y[p + 3] + w * (c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1]);
    y[p + 4] = y[p + 4] + w * (c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1]);
    y[p + 5] = y[p + 5] + w * (c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1]);
    y[p + 6] = y[p + 6] + w * (c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1]);
    y[p + 7] = y[p + 7] + w * (c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1]);
  }
  for (; p < p1; p++) y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1]);
}

function taps3(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2];
    y[p + 4] = c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1] + c2 * x[p + 4 + s2];
    y[p + 5] = c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1] + c2 * x[p + 5 + s2];
    y[p + 6] = c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1] + c2 * x[p + 6 + s2];
    y[p + 7] = c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1] + c2 * x[p + 7 + s2];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2];
}

function taps3Add(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2]);
    y[p + 1] = y[p + 1] + w * (c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2]);
    y[p + 2] = y[p + 2] + w * (c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2]);
    y[p + 3] = y[p + 3] + w * (c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2]);
    y[p + 4] = y[p + 4] + w * (c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1] + c2 * x[p + 4 + s2]);
    y[p + 5] = y[p + 5] + w * (c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1] + c2 * x[p + 5 + s2]);
    y[p + 6] = y[p + 6] + w * (c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1] + c2 * x[p + 6 + s2]);
    y[p + 7] = y[p + 7] + w * (c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1] + c2 * x[p + 7 + s2]);
  }
  for (; p < p1; p++) y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2]);
}

function taps4(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const s3 = d + off[3] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2] + c3 * x[p + 1 + s3];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2] + c3 * x[p + 2 + s3];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2] + c3 * x[p + 3 + s3];
    y[p + 4] = c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1] + c2 * x[p + 4 + s2] + c3 * x[p + 4 + s3];
    y[p + 5] = c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1] + c2 * x[p + 5 + s2] + c3 * x[p + 5 + s3];
    y[p + 6] = c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1] + c2 * x[p + 6 + s2] + c3 * x[p + 6 + s3];
    y[p + 7] = c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1] + c2 * x[p + 7 + s2] + c3 * x[p + 7 + s3];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3];
}

function taps4Add(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const s3 = d + off[3] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let p = p0;
  for (; p + 7 < p1; p += 8) {
    y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3]);
    y[p + 1] = y[p + 1] + w * (c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2] + c3 * x[p + 1 + s3]);
    y[p + 2] = y[p + 2] + w * (c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2] + c3 * x[p + 2 + s3]);
    y[p + 3] = y[p + 3] + w * (c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2] + c3 * x[p + 3 + s3]);
    y[p + 4] = y[p + 4] + w * (c0 * x[p + 4 + s0] + c1 * x[p + 4 + s1] + c2 * x[p + 4 + s2] + c3 * x[p + 4 + s3]);
    y[p + 5] = y[p + 5] + w * (c0 * x[p + 5 + s0] + c1 * x[p + 5 + s1] + c2 * x[p + 5 + s2] + c3 * x[p + 5 + s3]);
    y[p + 6] = y[p + 6] + w * (c0 * x[p + 6 + s0] + c1 * x[p + 6 + s1] + c2 * x[p + 6 + s2] + c3 * x[p + 6 + s3]);
    y[p + 7] = y[p + 7] + w * (c0 * x[p + 7 + s0] + c1 * x[p + 7 + s1] + c2 * x[p + 7 + s2] + c3 * x[p + 7 + s3]);
  }
  for (; p < p1; p++) y[p] = y[p] + w * (c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3]);
}

/** Any tap count (not used by the PyLops stencils, which have 2 to 4 taps); same arithmetic order. */
function tapsN(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array): void {
  for (let p = p0; p < p1; p++) {
    let s = 0;
    for (let t = 0; t < off.length; t++) s = t === 0 ? c[0] * x[p + d + off[0] * inner] : s + c[t] * x[p + d + off[t] * inner];
    y[p] = s;
  }
}

function tapsNAdd(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array, w: number): void {
  for (let p = p0; p < p1; p++) {
    let s = 0;
    for (let t = 0; t < off.length; t++) s = t === 0 ? c[0] * x[p + d + off[0] * inner] : s + c[t] * x[p + d + off[t] * inner];
    y[p] = y[p] + w * s;
  }
}

/** The loops for `taps` taps, [set, accumulate], chosen once when a kernel is built. */
export function tapLoops(taps: number): [TapLoop, TapLoop] {
  if (taps === 2) return [taps2, taps2Add];
  if (taps === 3) return [taps3, taps3Add];
  if (taps === 4) return [taps4, taps4Add];
  return [tapsN, tapsNAdd];
}

/**
 * One explicit row: `y[yAt + j] = Σ_e coef[e] · x[xBase + src[e] · inner + j]` for j < inner, summed in
 * double precision left to right like the tap loops; an empty row writes zeros. With `add`,
 * `y = y + w · Σ` instead, and an empty row leaves y as it is.
 */
export function explicitRow(y: FloatArray, yAt: number, inner: number, x: FloatArray, xBase: number, src: Int32Array, coef: Float64Array, add: boolean, w: number): void {
  const m = src.length;
  if (m === 0) {
    if (!add) for (let j = 0; j < inner; j++) y[yAt + j] = 0; // not fill(): a builtin call costs more than a short row
    return;
  }
  for (let j = 0; j < inner; j++) {
    let s = coef[0] * x[xBase + src[0] * inner + j];
    for (let e = 1; e < m; e++) s += coef[e] * x[xBase + src[e] * inner + j];
    y[yAt + j] = add ? y[yAt + j] + w * s : s;
  }
}
