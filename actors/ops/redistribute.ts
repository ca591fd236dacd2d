/**
 * Operators that need a whole axis per block — Restriction, Roll, FFT, MatrixMult (axis 0), a
 * Convolve1D longer than its axis, a rectangular Identity (N ≠ M along axis 0) — run by redistribution, and Transpose by moving blocks:
 *
 * - along an axis: when the operator's axis is chunked, x is rechunked so that axis is in one block
 *   (the largest other axis takes the lost blocks, so the work stays spread); every actor applies the
 *   local operator to its blocks (`ops.block`, the local code on each block); the result is rechunked
 *   back to x's block counts. What moves: each sample twice (all-to-all of the rechunks), nothing when
 *   the axis was already unchunked. A 1-D array then sits in one block on one actor.
 * - Transpose: each block is transposed where it is and sent once to the owner of its place in the
 *   permuted grid (nothing moves when that owner is the same actor). The output grid is x's, permuted.
 */
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { Identity } from '../../operators/basic/Identity.ts';
import { MatrixMult } from '../../operators/basic/MatrixMult.ts';
import { Restriction } from '../../operators/basic/Restriction.ts';
import { Roll } from '../../operators/basic/Roll.ts';
import { Transpose } from '../../operators/basic/Transpose.ts';
import { Convolve1D } from '../../operators/signal/Convolve1D.ts';
import { FFT } from '../../operators/signal/FFT.ts';
import { dataSubject } from '../../runtime/cluster/subjects.ts';
import { ChunkGrid, evenSizes } from '../chunks.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import type { BlockArgs, BlockItem } from './blockCommand.ts';
import { launch, outputDtype } from './launch.ts';

/** The operator's axis and how a block's model shape is patched into its spec. */
interface AxisOp {
  axis: number;
  patch(model: number[]): Record<string, unknown>;
}

/** Operators applied by redistribution along one axis, or undefined. */
export function axisOperator(op: LinearOperator): AxisOp | undefined {
  const dims = (model: number[]) => ({ dims: model });
  if (op instanceof Roll || op instanceof Restriction || op instanceof FFT) return { axis: op.axis, patch: dims };
  if (op instanceof Convolve1D && op.isLong) return { axis: op.axis, patch: dims };
  if (op instanceof MatrixMult) return { axis: 0, patch: (model) => ({ otherdims: model.slice(1) }) };
  if (op instanceof Identity && isLeadingRectangle(op)) return { axis: 0, patch: (model) => ({ M: model, N: [op.dimsd[0], ...model.slice(1)] }) };
  return undefined;
}

/**
 * A rectangular Identity whose sides differ in axis 0 only (any 1-D one): its flat prefix copy is then
 * a truncation or zero-padding along axis 0, which each block holding the whole axis does locally.
 */
function isLeadingRectangle(op: Identity): boolean {
  const [m, n] = [op.dims, op.dimsd];
  return m.length === n.length && m[0] !== n[0] && m.every((k, a) => a === 0 || k === n[a]);
}

/** y = op x with every block holding the whole axis (see the module comment). */
export function applyAlongAxis(op: LinearOperator, ax: AxisOp, x: DistributedArray, adjoint: boolean): DistributedArray {
  const dtype = outputDtype(op, x.dtype, adjoint);
  const a = ax.axis;
  const sizes = x.grid.toJSON();
  const chunked = x.grid.counts[a] > 1;
  const partner = chunked ? largestOther(x.shape, a) : -1;
  const whole = sizes.map((s, k) => (k === a ? [x.shape[a]] : k === partner ? evenSizes(x.shape[k], Math.min(x.shape[k], x.grid.counts[k] * x.grid.counts[a])) : s));
  const xr = chunked ? x.rechunk(whole) : x;
  const outLen = (adjoint ? op.dims : op.dimsd)[a];
  const modelLen = op.dims[a];
  const outSizes = whole.map((s, k) => (k === a ? [outLen] : s));
  const outGrid = new ChunkGrid(outSizes.map((s) => s.reduce((p, q) => p + q, 0)), outSizes);
  const spec = op.toSpec();
  const y = launch(
    xr.grid,
    xr,
    'ops.block',
    (_, blocks, out): BlockArgs => ({
      spec,
      adjoint,
      x: xr.id,
      out,
      outDtype: dtype,
      items: blocks.map((b): BlockItem => {
        const shape = xr.grid.box(b).shape;
        return { b, ob: b, shape: shape.map((n, k) => (k === a ? outLen : n)), patch: ax.patch(shape.map((n, k) => (k === a ? modelLen : n))) };
      }),
    }),
    { shape: outGrid.shape, dtype, grid: outGrid },
    [xr],
  );
  if (!chunked) return y;
  void xr.free().catch(() => {});
  const back = sizes.map((s, k) => (k === a ? (outLen === x.shape[a] ? s : evenSizes(outLen, Math.min(outLen, s.length))) : s));
  const r = y.rechunk(back);
  void y.free().catch(() => {});
  return r;
}

/** The longest axis other than `a` with at least 2 samples, or -1. */
function largestOther(shape: readonly number[], a: number): number {
  let best = -1;
  shape.forEach((n, k) => {
    if (k !== a && n >= 2 && (best < 0 || n > shape[best])) best = k;
  });
  return best;
}

/** y = transpose(x): blocks transposed in place and moved to their owner in the permuted grid. */
export function applyTranspose(op: Transpose, x: DistributedArray, adjoint: boolean): DistributedArray {
  const dtype = outputDtype(op, x.dtype, adjoint);
  const perm = adjoint ? op.axes.map((_, j) => op.axes.indexOf(j)) : [...op.axes]; // out axis k = in axis perm[k]
  const sizes = x.grid.toJSON();
  const outSizes = perm.map((p) => sizes[p]);
  const outGrid = new ChunkGrid(perm.map((p) => x.shape[p]), outSizes);
  const cluster = x.cluster;
  const spec = op.toSpec();
  const target = (b: number) => {
    const c = x.grid.coords(b);
    return outGrid.index(perm.map((p) => c[p]));
  };
  const modelShape = (shape: number[]) => {
    if (!adjoint) return shape;
    const m = new Array<number>(shape.length);
    op.axes.forEach((a, k) => (m[a] = shape[k])); // dimsd[k] = dims[axes[k]]
    return m;
  };
  return launch(
    x.grid,
    x,
    'ops.block',
    (actor, blocks, out): BlockArgs => ({
      spec,
      adjoint,
      x: x.id,
      out,
      outDtype: dtype,
      items: blocks.map((b): BlockItem => {
        const ob = target(b);
        const dest = cluster.owner(outGrid, ob);
        const shape = x.grid.box(b).shape;
        const moved = dest !== actor ? { to: dataSubject(cluster.name, dest), t: `${out}:b${b}` } : {};
        return { b, ob, shape: outGrid.box(ob).shape, patch: { dims: modelShape(shape) }, ...moved };
      }),
    }),
    { shape: outGrid.shape, dtype, grid: outGrid },
    [x],
    (out) =>
      Array.from({ length: x.grid.nblocks }, (_, b) => b)
        .filter((b) => cluster.owner(outGrid, target(b)) !== cluster.owner(x.grid, b))
        .map((b) => {
          const ob = target(b);
          const shape = outGrid.box(ob).shape;
          const pieces = [{ t: `${out}:b${b}`, at: shape.map(() => 0), shape }];
          return cluster.driver.command(cluster.owner(outGrid, ob), 'assemble', { id: out, dtype, b: ob, shape, pieces, timeout: cluster.driver.timeout }, `${out}@asm${ob}`);
        }),
  );
}
