import type { FloatArray } from '../core/dtype.ts';

/**
 * The inner loops of the stencil kernels. Both the forward and the adjoint of a banded matrix reduce to
 * `y[p] = Σ_t c[t] · x[p + d + off[t] · inner]` over a contiguous range of p (the interior rows of one
 * outer slice, whatever the axis), so one loop per tap count serves every axis, kind and direction.
 * The sum is evaluated left to right over t; explicit (edge) rows use the same order.
 */
export type TapLoop = (y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array) => void;

// Unrolled by four: V8 does not unroll, and the loop overhead is a large share of a stencil this short.
function taps2(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const c0 = c[0];
  const c1 = c[1];
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1];
}

function taps3(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2];
}

function taps4(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array): void {
  const s0 = d + off[0] * inner;
  const s1 = d + off[1] * inner;
  const s2 = d + off[2] * inner;
  const s3 = d + off[3] * inner;
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3];
    y[p + 1] = c0 * x[p + 1 + s0] + c1 * x[p + 1 + s1] + c2 * x[p + 1 + s2] + c3 * x[p + 1 + s3];
    y[p + 2] = c0 * x[p + 2 + s0] + c1 * x[p + 2 + s1] + c2 * x[p + 2 + s2] + c3 * x[p + 2 + s3];
    y[p + 3] = c0 * x[p + 3 + s0] + c1 * x[p + 3 + s1] + c2 * x[p + 3 + s2] + c3 * x[p + 3 + s3];
  }
  for (; p < p1; p++) y[p] = c0 * x[p + s0] + c1 * x[p + s1] + c2 * x[p + s2] + c3 * x[p + s3];
}

/** Any tap count (not used by the PyLops stencils, which have 2 to 4 taps); same arithmetic order. */
function tapsN(y: FloatArray, p0: number, p1: number, x: FloatArray, d: number, inner: number, off: Int32Array, c: Float64Array): void {
  for (let p = p0; p < p1; p++) {
    let s = 0;
    for (let t = 0; t < off.length; t++) s = t === 0 ? c[0] * x[p + d + off[0] * inner] : s + c[t] * x[p + d + off[t] * inner];
    y[p] = s;
  }
}

/** The loop for `taps` taps, chosen once when a kernel is built. */
export function tapLoop(taps: number): TapLoop {
  return taps === 2 ? taps2 : taps === 3 ? taps3 : taps === 4 ? taps4 : tapsN;
}

/**
 * One explicit row: `y[yAt + j] = Σ_e coef[e] · x[xBase + src[e] · inner + j]` for j < inner, summed in
 * double precision left to right like the tap loops; an empty row writes zeros.
 */
export function explicitRow(y: FloatArray, yAt: number, inner: number, x: FloatArray, xBase: number, src: Int32Array, coef: Float64Array): void {
  const m = src.length;
  if (m === 0) {
    y.fill(0, yAt, yAt + inner);
    return;
  }
  for (let j = 0; j < inner; j++) {
    let s = coef[0] * x[xBase + src[0] * inner + j];
    for (let e = 1; e < m; e++) s += coef[e] * x[xBase + src[e] * inner + j];
    y[yAt + j] = s;
  }
}
