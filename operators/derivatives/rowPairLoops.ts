import type { FloatArray } from '../core/dtype.ts';

/**
 * A tap loop for three taps on consecutive rows (offsets o, o + 1, o + 2 along the axis, inner > 1: the
 * second derivatives along a leading axis, and their adjoints) that computes two output rows at a
 * time: rows r and r + 1 share two of their input rows, so each pair loads four input samples per
 * column instead of six. Same arithmetic as the tap loops of loops.ts, sample by sample:
 *   s = c[0] · x[p + s0] + c[1] · x[p + s0 + inner] + c[2] · x[p + s0 + 2 inner],   y[p] = add ? y[p] + w · s : s
 * for p in [p0, p1), a whole number of rows of length `inner`.
 */
export function rowPairs3(y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, inner: number, c: Float64Array, add: boolean, w: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const n1 = inner;
  const n2 = 2 * inner;
  const n3 = 3 * inner;
  let r = p0;
  for (; r + n2 <= p1; r += n2) {
    const e = r + inner;
    let q = r + s0;
    if (add) {
      for (let p = r; p < e; p++, q++) {
        const a = x[q];
        const b = x[q + n1];
        const m = x[q + n2];
        const d = x[q + n3];
        y[p] = y[p] + w * (c0 * a + c1 * b + c2 * m);
        y[p + n1] = y[p + n1] + w * (c0 * b + c1 * m + c2 * d);
      }
    } else {
      for (let p = r; p < e; p++, q++) {
        const a = x[q];
        const b = x[q + n1];
        const m = x[q + n2];
        const d = x[q + n3];
        y[p] = c0 * a + c1 * b + c2 * m;
        y[p + n1] = c0 * b + c1 * m + c2 * d;
      }
    }
  }
  // an odd last row
  for (let p = r, q = r + s0; p < p1; p++, q++) {
    const s = c0 * x[q] + c1 * x[q + n1] + c2 * x[q + n2];
    y[p] = add ? y[p] + w * s : s;
  }
}

/** True when `off` are three consecutive offsets in increasing order (the taps rowPairs3 serves). */
export function consecutive3(off: Int32Array): boolean {
  return off.length === 3 && off[1] === off[0] + 1 && off[2] === off[0] + 2;
}
