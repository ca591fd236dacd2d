import { type BandedRows, bandsOf } from './BandedRows.ts';
import { explicitRow } from './loops.ts';
import type { SumTerm } from './apply.ts';

/**
 * The common 2-D case of a sum of two axis kernels (Laplacian on dims [n0, n1], axes [0, 1], float64)
 * in one pass: each output sample is computed once, from the samples of both stencils, with exactly the
 * arithmetic of the two-term path (applyAxisSum, and the actors' tiles), so the bits are the same:
 *   u = w0 · (a_0 x[i + o_0, j] + a_1 x[i + o_1, j] + a_2 x[i + o_2, j])   (K_0 set, then scaled)
 *   y[i, j] = u + w1 · (b_0 x[i, j + p_0] + b_1 x[i, j + p_1] + b_2 x[i, j + p_2])   (K_1 accumulated)
 * Rows that are explicit for K_0 and columns that are explicit for K_1 use the kernels' explicit
 * entries in the same order. Returns false (and writes nothing) when the case does not apply.
 */
export function fusedAxisPair(dims: readonly number[], complex: boolean, terms: readonly SumTerm[], adjoint: boolean, out: Float64Array | Float32Array): boolean {
  if (complex || dims.length !== 2 || terms.length !== 2) return false;
  const [t0, t1] = terms;
  const x = t0.input;
  if (t0.axis !== 0 || t1.axis !== 1 || t1.input !== x || !(x instanceof Float64Array) || !(out instanceof Float64Array)) return false;
  const k0 = bandsOf(t0.kernel, adjoint);
  const k1 = bandsOf(t1.kernel, adjoint);
  if (k0 === undefined || k1 === undefined || !threeTaps(k0) || !threeTaps(k1) || k1.off[1] !== k1.off[0] + 1 || k1.off[2] !== k1.off[0] + 2) return false;
  const [n0, n1] = dims;
  if (k0.n !== n0 || k1.n !== n1) return false;
  const r0 = Math.min(k0.lo, n0);
  const r1 = Math.max(n0 - k0.hi, r0);
  const c0 = Math.min(k1.lo, n1);
  const c1 = Math.max(n1 - k1.hi, c0);
  for (let i = 0; i < n0; i++) {
    if (i < r0 || i >= r1) edgeRow(i, n1, x, out, k0, t0.weight, k1, t1.weight);
    else {
      for (let j = 0; j < c0; j++) edgeColumn(i, j, n1, x, out, k0, t0.weight, k1, t1.weight);
      if (c1 > c0) interior(out, i * n1 + c0, i * n1 + c1, x, n1, k0, t0.weight, k1, t1.weight);
      for (let j = c1; j < n1; j++) edgeColumn(i, j, n1, x, out, k0, t0.weight, k1, t1.weight);
    }
  }
  return true;
}

const threeTaps = (k: BandedRows) => k.off.length === 3;

/** Row i explicit for K_0: its explicit row, scaled, then K_1 accumulated along the row. */
function edgeRow(i: number, n1: number, x: Float64Array, y: Float64Array, k0: BandedRows, w0: number, k1: BandedRows, w1: number): void {
  const e = k0.entry(i);
  const at = i * n1;
  explicitRow(y, at, n1, x, 0, e.src, e.coef, false, 1);
  if (w0 !== 1) for (let j = at; j < at + n1; j++) y[j] = w0 * y[j];
  const row = { outer: 1, inner: 1, start: 0, count: n1, total: n1, left: 0, right: 0 };
  k1.apply(x.subarray(at, at + n1), y.subarray(at, at + n1), row, 'Laplacian kernel', w1);
}

/** Sample (i, j) of an interior row of K_0 in a column explicit for K_1. */
function edgeColumn(i: number, j: number, n1: number, x: Float64Array, y: Float64Array, k0: BandedRows, w0: number, k1: BandedRows, w1: number): void {
  const p = i * n1 + j;
  const a = k0.coef;
  const o = k0.off;
  const u = w0 * (a[0] * x[p + o[0] * n1] + a[1] * x[p + o[1] * n1] + a[2] * x[p + o[2] * n1]);
  const { src, coef } = k1.entry(j);
  if (src.length === 0) {
    y[p] = u;
    return;
  }
  let s = coef[0] * x[i * n1 + src[0]];
  for (let e = 1; e < src.length; e++) s += coef[e] * x[i * n1 + src[e]];
  y[p] = u + w1 * s;
}

/** Samples [p0, p1) of one row, interior for both kernels; K_1's samples carried in locals (unrolled by 8). */
function interior(y: Float64Array, p0: number, p1: number, x: Float64Array, n1: number, k0: BandedRows, w0: number, k1: BandedRows, w1: number): void {
  const a0 = k0.coef[0];
  const a1 = k0.coef[1];
  const a2 = k0.coef[2];
  const s0 = k0.off[0] * n1;
  const s1 = k0.off[1] * n1;
  const s2 = k0.off[2] * n1;
  const b0 = k1.coef[0];
  const b1 = k1.coef[1];
  const b2 = k1.coef[2];
  let q = p0 + k1.off[0];
  let l = x[q];
  let m = x[q + 1];
  let p = p0;
  for (; p + 7 < p1; p += 8, q += 8) {
    const v0 = x[q + 2];
    const v1 = x[q + 3];
    const v2 = x[q + 4];
    const v3 = x[q + 5];
    const v4 = x[q + 6];
    const v5 = x[q + 7];
    const v6 = x[q + 8];
    const v7 = x[q + 9];
    y[p] = w0 * (a0 * x[p + s0] + a1 * x[p + s1] + a2 * x[p + s2]) + w1 * (b0 * l + b1 * m + b2 * v0);
    y[p + 1] = w0 * (a0 * x[p + 1 + s0] + a1 * x[p + 1 + s1] + a2 * x[p + 1 + s2]) + w1 * (b0 * m + b1 * v0 + b2 * v1);
    y[p + 2] = w0 * (a0 * x[p + 2 + s0] + a1 * x[p + 2 + s1] + a2 * x[p + 2 + s2]) + w1 * (b0 * v0 + b1 * v1 + b2 * v2);
    y[p + 3] = w0 * (a0 * x[p + 3 + s0] + a1 * x[p + 3 + s1] + a2 * x[p + 3 + s2]) + w1 * (b0 * v1 + b1 * v2 + b2 * v3);
    y[p + 4] = w0 * (a0 * x[p + 4 + s0] + a1 * x[p + 4 + s1] + a2 * x[p + 4 + s2]) + w1 * (b0 * v2 + b1 * v3 + b2 * v4);
    y[p + 5] = w0 * (a0 * x[p + 5 + s0] + a1 * x[p + 5 + s1] + a2 * x[p + 5 + s2]) + w1 * (b0 * v3 + b1 * v4 + b2 * v5);
    y[p + 6] = w0 * (a0 * x[p + 6 + s0] + a1 * x[p + 6 + s1] + a2 * x[p + 6 + s2]) + w1 * (b0 * v4 + b1 * v5 + b2 * v6);
    y[p + 7] = w0 * (a0 * x[p + 7 + s0] + a1 * x[p + 7 + s1] + a2 * x[p + 7 + s2]) + w1 * (b0 * v5 + b1 * v6 + b2 * v7);
    l = v6;
    m = v7;
  }
  for (; p < p1; p++, q++) {
    const v = x[q + 2];
    y[p] = w0 * (a0 * x[p + s0] + a1 * x[p + s1] + a2 * x[p + s2]) + w1 * (b0 * l + b1 * m + b2 * v);
    l = m;
    m = v;
  }
}
