import type { FloatArray } from '../core/dtype.ts';

/**
 * Tap loops for inner = 1 (the stencil runs along the last, contiguous axis), where the samples of
 * neighbouring outputs overlap: each sample of x is loaded once and carried in locals across the
 * iterations (unrolled by four; the stores are written out in each loop: a helper would not always be
 * inlined, and a call per four samples costs more than the loop), instead of being reloaded by every tap that reads it. Each loop
 * computes exactly what the strided loop of loops.ts computes, term by term in tap order:
 *   s = c[0] · x[p + s0 + r_0] + c[1] · x[p + s0 + r_1] + ...,   y[p] = add ? y[p] + w · s : s
 * for p in [p0, p1), where r_t = off[t] - off[0] is the tap's position in the stencil's window.
 */
export type CarriedLoop = (y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, c: Float64Array, add: boolean, w: number) => void;

/** Taps at positions 0, 1 (forward / backward first derivative and their adjoints). */
function at01(y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, c: Float64Array, add: boolean, w: number): void {
  const c0 = c[0];
  const c1 = c[1];
  let q = p0 + s0;
  let a = x[q];
  let p = p0;
  for (; p + 3 < p1; p += 4, q += 4) {
    const b0 = x[q + 1];
    const b1 = x[q + 2];
    const b2 = x[q + 3];
    const b3 = x[q + 4];
    const r0 = c0 * a + c1 * b0;
    const r1 = c0 * b0 + c1 * b1;
    const r2 = c0 * b1 + c1 * b2;
    const r3 = c0 * b2 + c1 * b3;
    if (add) {
      y[p] = y[p] + w * r0;
      y[p + 1] = y[p + 1] + w * r1;
      y[p + 2] = y[p + 2] + w * r2;
      y[p + 3] = y[p + 3] + w * r3;
    } else {
      y[p] = r0;
      y[p + 1] = r1;
      y[p + 2] = r2;
      y[p + 3] = r3;
    }
    a = b3;
  }
  for (; p < p1; p++, q++) {
    const b = x[q + 1];
    const r = c0 * a + c1 * b;
    y[p] = add ? y[p] + w * r : r;
    a = b;
  }
}

/** Taps at positions 0, 2 (centered first derivative, order 3). */
function at02(y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, c: Float64Array, add: boolean, w: number): void {
  const c0 = c[0];
  const c1 = c[1];
  let q = p0 + s0;
  let a = x[q];
  let m = x[q + 1];
  let p = p0;
  for (; p + 3 < p1; p += 4, q += 4) {
    const b0 = x[q + 2];
    const b1 = x[q + 3];
    const b2 = x[q + 4];
    const b3 = x[q + 5];
    const r0 = c0 * a + c1 * b0;
    const r1 = c0 * m + c1 * b1;
    const r2 = c0 * b0 + c1 * b2;
    const r3 = c0 * b1 + c1 * b3;
    if (add) {
      y[p] = y[p] + w * r0;
      y[p + 1] = y[p + 1] + w * r1;
      y[p + 2] = y[p + 2] + w * r2;
      y[p + 3] = y[p + 3] + w * r3;
    } else {
      y[p] = r0;
      y[p + 1] = r1;
      y[p + 2] = r2;
      y[p + 3] = r3;
    }
    a = b2;
    m = b3;
  }
  for (; p < p1; p++, q++) {
    const b = x[q + 2];
    const r = c0 * a + c1 * b;
    y[p] = add ? y[p] + w * r : r;
    a = m;
    m = b;
  }
}

/** Taps at positions 0, 1, 2 (second derivatives, every kind, and their adjoints). */
function at012(y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, c: Float64Array, add: boolean, w: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  let q = p0 + s0;
  let a = x[q];
  let m = x[q + 1];
  let p = p0;
  for (; p + 3 < p1; p += 4, q += 4) {
    const b0 = x[q + 2];
    const b1 = x[q + 3];
    const b2 = x[q + 4];
    const b3 = x[q + 5];
    const r0 = c0 * a + c1 * m + c2 * b0;
    const r1 = c0 * m + c1 * b0 + c2 * b1;
    const r2 = c0 * b0 + c1 * b1 + c2 * b2;
    const r3 = c0 * b1 + c1 * b2 + c2 * b3;
    if (add) {
      y[p] = y[p] + w * r0;
      y[p + 1] = y[p + 1] + w * r1;
      y[p + 2] = y[p + 2] + w * r2;
      y[p + 3] = y[p + 3] + w * r3;
    } else {
      y[p] = r0;
      y[p + 1] = r1;
      y[p + 2] = r2;
      y[p + 3] = r3;
    }
    a = b2;
    m = b3;
  }
  for (; p < p1; p++, q++) {
    const b = x[q + 2];
    const r = c0 * a + c1 * m + c2 * b;
    y[p] = add ? y[p] + w * r : r;
    a = m;
    m = b;
  }
}

/** Taps at positions 0, 1, 3, 4 (centered first derivative, order 5). */
function at0134(y: FloatArray, p0: number, p1: number, x: FloatArray, s0: number, c: Float64Array, add: boolean, w: number): void {
  const c0 = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  let q = p0 + s0;
  let a0 = x[q];
  let a1 = x[q + 1];
  let a2 = x[q + 2];
  let a3 = x[q + 3];
  let p = p0;
  for (; p + 3 < p1; p += 4, q += 4) {
    const b0 = x[q + 4];
    const b1 = x[q + 5];
    const b2 = x[q + 6];
    const b3 = x[q + 7];
    const r0 = c0 * a0 + c1 * a1 + c2 * a3 + c3 * b0;
    const r1 = c0 * a1 + c1 * a2 + c2 * b0 + c3 * b1;
    const r2 = c0 * a2 + c1 * a3 + c2 * b1 + c3 * b2;
    const r3 = c0 * a3 + c1 * b0 + c2 * b2 + c3 * b3;
    if (add) {
      y[p] = y[p] + w * r0;
      y[p + 1] = y[p + 1] + w * r1;
      y[p + 2] = y[p + 2] + w * r2;
      y[p + 3] = y[p + 3] + w * r3;
    } else {
      y[p] = r0;
      y[p + 1] = r1;
      y[p + 2] = r2;
      y[p + 3] = r3;
    }
    a0 = b0;
    a1 = b1;
    a2 = b2;
    a3 = b3;
  }
  for (; p < p1; p++, q++) {
    const b = x[q + 4];
    const r = c0 * a0 + c1 * a1 + c2 * a3 + c3 * b;
    y[p] = add ? y[p] + w * r : r;
    a0 = a1;
    a1 = a2;
    a2 = a3;
    a3 = b;
  }
}

const BY_POSITIONS: Record<string, CarriedLoop> = { '0,1': at01, '0,2': at02, '0,1,2': at012, '0,1,3,4': at0134 };

/** The carried loop for taps at offsets `off` (in evaluation order), or undefined when none fits. */
export function carriedLoop(off: Int32Array): CarriedLoop | undefined {
  return off.length === 0 ? undefined : BY_POSITIONS[Array.from(off, (o) => o - off[0]).join(',')];
}
