import type { AxisKernel } from '../core/kernel.ts';

/**
 * One term of a derivative operator written as a sum of 1-D axis kernels, for the distributed layer:
 * running these kernels on blocks and combining them as below reproduces the local result bit for bit.
 *
 * For an operator with terms t = 0, 1, ... (see each operator's `axisKernels()`):
 * - forward:  y[component] = (((w_0 · K_0 x) + w_1 · K_1 x) + w_2 · K_2 x) ..., over the terms of that
 *   component, left to right, per sample (`w · t` is skipped when w = 1, which gives the same bits);
 * - adjoint:  x = ((w_0 · K_0^H y[c_0]) + w_1 · K_1^H y[c_1]) + ...
 * where `K x` is `kernel.forward` and `K^H y` is `kernel.adjoint` along `axis`, and y[c] is slab c of a
 * stacked data array (Gradient: dimsd = [ndim, ...dims]; every other operator has one slab, c = 0).
 */
export interface AxisTerm {
  /** Axis of `dims` the kernel runs along (non-negative). */
  axis: number;
  /** The 1-D stencil (already divided by the sampling) along that axis. */
  kernel: AxisKernel;
  /** Real scalar weight of the term. @defaultValue 1 */
  weight: number;
  /** Slab of the data side the term writes (forward) or reads (adjoint). @defaultValue 0 */
  component: number;
}
