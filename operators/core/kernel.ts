import type { FloatArray } from './dtype.ts';

/**
 * Where a block sits along the operator's axis. Arrays are viewed in C order as (outer, length, inner)
 * around that axis. A kernel's input block may be extended by `left`/`right` halo samples taken from
 * its neighbours; its output block covers only the owned samples `[start, start + count)` of the
 * global axis of length `total`. A local (whole-array) call has start 0, count = total and no halo.
 */
export interface AxisWindow {
  /** Product of the block's dims before the axis. */
  outer: number;
  /** Product of the block's dims after the axis (x2 for complex data under a real-coefficient kernel). */
  inner: number;
  /** Global index along the axis of the first owned sample. */
  start: number;
  /** Owned samples along the axis: the output's length along it. */
  count: number;
  /** Global length of the axis. */
  total: number;
  /** Halo samples present in the input before `start` (may be fewer than the kernel's halo at a global edge). */
  left: number;
  /** Halo samples present in the input after `start + count`. */
  right: number;
}

/**
 * A pure kernel along one axis, shared by the local operator and the partition actors so that the
 * distributed result is bit-identical to the local one. No I/O, no allocation of the output.
 */
export interface AxisKernel {
  /** Samples needed on each side of a block for the forward: [left, right]. */
  readonly halo: readonly [number, number];
  /** Samples needed on each side for the adjoint: [left, right]. */
  readonly haloAdjoint: readonly [number, number];
  /** y[owned] = A x, x extended by its halo. */
  forward(x: FloatArray, y: FloatArray, w: AxisWindow): void;
  /** x[owned] = A^H y, y extended by its halo. */
  adjoint(y: FloatArray, x: FloatArray, w: AxisWindow): void;
}

/** The whole-array window for local application along `axis` of `dims` (`inner` doubled for complex). */
export function localWindow(dims: readonly number[], axis: number, complex = false): AxisWindow {
  let outer = 1;
  let inner = complex ? 2 : 1;
  for (let a = 0; a < axis; a++) outer *= dims[a];
  for (let a = axis + 1; a < dims.length; a++) inner *= dims[a];
  return { outer, inner, start: 0, count: dims[axis], total: dims[axis], left: 0, right: 0 };
}
