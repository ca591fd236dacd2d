import type { FloatArray } from '../core/dtype.ts';
import { type AxisKernel, type AxisWindow, localWindow } from '../core/kernel.ts';

/** Whole-array application of axis kernels, for the local operators of this family. */

/** y = K x (or x = K^H y when `adjoint`) along `axis` of `dims` on whole arrays. */
export function applyKernel(kernel: AxisKernel, dims: readonly number[], axis: number, complex: boolean, input: FloatArray, output: FloatArray, adjoint: boolean): void {
  const w = localWindow(dims, axis, complex);
  if (adjoint) kernel.adjoint(input, output, w);
  else kernel.forward(input, output, w);
}

/** One term of a sum: kernel along `axis`, scalar `weight`, applied to `input` (an array over dims). */
export interface SumTerm {
  axis: number;
  kernel: AxisKernel;
  weight: number;
  input: FloatArray;
}

/** Numbers per slab of rows along axis 0: the slab's input, output and one partial result stay in L2. */
const SLAB = 16384;

/**
 * out = ((w_0 · K_0 in_0) + w_1 · K_1 in_1) + ... per sample, left to right (K^H when `adjoint`), as
 * `AxisTerm` documents. Computed in slabs of rows along axis 0 so the partial results stay in cache;
 * a slab is a block with halos, so the bits are those of whole-array kernel calls.
 */
export function applyAxisSum(dims: readonly number[], complex: boolean, terms: readonly SumTerm[], adjoint: boolean, out: FloatArray): void {
  let rowLen = complex ? 2 : 1;
  for (let a = 1; a < dims.length; a++) rowLen *= dims[a];
  const n0 = dims[0];
  const rowsPer = Math.max(1, Math.floor(SLAB / rowLen));
  const tmp = terms.length > 1 ? new (out.constructor as Float64ArrayConstructor)(Math.min(n0, rowsPer) * rowLen) : out;
  for (let r0 = 0; r0 < n0; r0 += rowsPer) {
    const r1 = Math.min(n0, r0 + rowsPer);
    const dst = out.subarray(r0 * rowLen, r1 * rowLen);
    const part = tmp.subarray(0, (r1 - r0) * rowLen);
    terms.forEach((t, i) => {
      const target = i === 0 ? dst : part;
      runSlab(dims, complex, t, adjoint, r0, r1, rowLen, target);
      if (i === 0) scale(dst, t.weight);
      else addScaled(dst, part, t.weight);
    });
  }
}

/** Runs one term's kernel on rows [r0, r1) of axis 0, taking halo rows from the whole input array. */
function runSlab(dims: readonly number[], complex: boolean, t: SumTerm, adjoint: boolean, r0: number, r1: number, rowLen: number, target: FloatArray): void {
  let w: AxisWindow;
  let src: FloatArray;
  if (t.axis === 0) {
    const [hl, hr] = adjoint ? t.kernel.haloAdjoint : t.kernel.halo;
    const left = Math.min(hl, r0);
    const right = Math.min(hr, dims[0] - r1);
    w = { outer: 1, inner: rowLen, start: r0, count: r1 - r0, total: dims[0], left, right };
    src = t.input.subarray((r0 - left) * rowLen, (r1 + right) * rowLen);
  } else {
    w = localWindow([r1 - r0, ...dims.slice(1)], t.axis, complex);
    src = t.input.subarray(r0 * rowLen, r1 * rowLen);
  }
  if (adjoint) t.kernel.adjoint(src, target, w);
  else t.kernel.forward(src, target, w);
}

/** d = w · d (nothing to do for w = 1: same bits). */
function scale(d: FloatArray, w: number): void {
  if (w === 1) return;
  for (let i = 0; i < d.length; i++) d[i] = w * d[i];
}

/** d = d + w · p. */
function addScaled(d: FloatArray, p: FloatArray, w: number): void {
  if (w === 1) for (let i = 0; i < d.length; i++) d[i] = d[i] + p[i];
  else for (let i = 0; i < d.length; i++) d[i] = d[i] + w * p[i];
}
