import type { FloatArray } from '../core/dtype.ts';
import { type AxisKernel, type AxisWindow, localWindow } from '../core/kernel.ts';
import { fusedAxisPair } from './fusedLaplacian.ts';
import type { StencilAxisKernel } from './types.ts';

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
  kernel: StencilAxisKernel;
  weight: number;
  input: FloatArray;
}

/** Numbers per slab of rows along axis 0: the slab's input and output stay in L2 between terms. */
const SLAB = 32768;

/**
 * out = ((w_0 · K_0 in_0) + w_1 · K_1 in_1) + ... (K^H when `adjoint`), in the order AxisTerm documents:
 * the first term sets, the others accumulate in their kernels. Computed in slabs of rows along axis 0 so
 * the output stays in cache between terms; a slab is a block with halos, so the bits are those of
 * whole-array kernel calls. The 2-D float64 pair of a Laplacian runs in one fused pass with the same bits
 * (fusedLaplacian.ts).
 */
export function applyAxisSum(dims: readonly number[], complex: boolean, terms: readonly SumTerm[], adjoint: boolean, out: FloatArray): void {
  if (fusedAxisPair(dims, complex, terms, adjoint, out)) return;
  let rowLen = complex ? 2 : 1;
  for (let a = 1; a < dims.length; a++) rowLen *= dims[a];
  const n0 = dims[0];
  const rowsPer = Math.max(1, Math.floor(SLAB / rowLen));
  for (let r0 = 0; r0 < n0; r0 += rowsPer) {
    const r1 = Math.min(n0, r0 + rowsPer);
    const dst = out.subarray(r0 * rowLen, r1 * rowLen);
    for (let i = 0; i < terms.length; i++) {
      runSlab(dims, complex, terms[i], adjoint, r0, r1, rowLen, dst, i > 0);
      if (i === 0) scale(dst, terms[0].weight);
    }
  }
}

/** Runs one term's kernel on rows [r0, r1) of axis 0, taking halo rows from the whole input array. */
function runSlab(dims: readonly number[], complex: boolean, t: SumTerm, adjoint: boolean, r0: number, r1: number, rowLen: number, target: FloatArray, add: boolean): void {
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
  if (add) {
    if (adjoint) t.kernel.adjointAdd(src, target, w, t.weight);
    else t.kernel.forwardAdd(src, target, w, t.weight);
  } else if (adjoint) t.kernel.adjoint(src, target, w);
  else t.kernel.forward(src, target, w);
}

/** d = w · d (nothing to do for w = 1: same bits). */
function scale(d: FloatArray, w: number): void {
  if (w === 1) return;
  for (let i = 0; i < d.length; i++) d[i] = w * d[i];
}
