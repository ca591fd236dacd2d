import type { FloatArray } from '../core/dtype.ts';

/**
 * Pure kernels that move whole slabs along one axis. Arrays are viewed in C order as
 * (outer, length, inner) around the axis (`inner` doubled for complex interleaved data), so a block
 * that holds the whole axis and any part of the other axes can run them unchanged.
 */

/** dst[o, k, :] = src[o, index[k], :] for k < index.length; src has `n` samples along the axis. */
export function gatherAxis(src: FloatArray, dst: FloatArray, index: ArrayLike<number>, outer: number, n: number, inner: number): void {
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < count; k++) {
      const from = (o * n + index[k]) * inner;
      const to = (o * count + k) * inner;
      for (let j = 0; j < inner; j++) dst[to + j] = src[from + j]; // y[o, k, j] = x[o, index[k], j]
    }
  }
}

/** dst[o, index[k], :] += src[o, k, :]: the adjoint of `gatherAxis`; dst has `n` samples along the axis. */
export function scatterAddAxis(src: FloatArray, dst: FloatArray, index: ArrayLike<number>, outer: number, n: number, inner: number): void {
  const count = index.length;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < count; k++) {
      const to = (o * n + index[k]) * inner;
      const from = (o * count + k) * inner;
      for (let j = 0; j < inner; j++) dst[to + j] += src[from + j]; // x[o, index[k], j] += y[o, k, j]
    }
  }
}
