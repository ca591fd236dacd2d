import type { FloatArray } from '../core/dtype.ts';
import type { AxisKernel, AxisWindow } from '../core/kernel.ts';

/** An AxisKernel that can also accumulate, so sums of kernels need no extra pass. */
export interface StencilAxisKernel extends AxisKernel {
  /** y[owned] = y[owned] + weight · (A x), per sample in double precision, one rounding at the store. */
  forwardAdd(x: FloatArray, y: FloatArray, w: AxisWindow, weight: number): void;
  /** x[owned] = x[owned] + weight · (A^H y). */
  adjointAdd(y: FloatArray, x: FloatArray, w: AxisWindow, weight: number): void;
}

/**
 * One term of a derivative operator written as a sum of 1-D axis kernels, for the distributed layer:
 * running these kernels on blocks (with their halos) in this order reproduces the local result bit for bit.
 *
 * For an operator with terms t = 0, 1, ... (see each operator's `axisKernels()`), the output slab c of
 * the forward (Gradient: dimsd = [ndim, ...dims], slab c = term c; every other operator has one slab):
 *   y = K_0 x                                 (kernel.forward)
 *   y = w_0 · y                               (only when w_0 ≠ 1)
 *   y = y + w_t · (K_t x)   for t = 1, 2, ... (kernel.forwardAdd(x, y, window, w_t))
 * and the adjoint likewise with kernel.adjoint / kernel.adjointAdd, term t reading data slab c_t.
 */
export interface AxisTerm {
  /** Axis of `dims` the kernel runs along (non-negative). */
  axis: number;
  /** The 1-D stencil (already divided by the sampling) along that axis. */
  kernel: StencilAxisKernel;
  /** Real scalar weight of the term. @defaultValue 1 */
  weight: number;
  /** Slab of the data side the term writes (forward) or reads (adjoint). @defaultValue 0 */
  component: number;
}
