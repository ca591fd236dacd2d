/**
 * The dot test on distributed arrays: for random x (model side, chunked `chunks`) and y (data side,
 * chunked `chunksd`), `<A x, y>` must equal `<x, A^H y>` to a relative tolerance — every product and
 * reduction runs in the actors; only the two scalars come back.
 */
import { isComplex, isSingle } from '../../operators/core/dtype.ts';
import { DotTestError } from '../../operators/core/dottest.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import type { ChunksSpec } from '../chunks.ts';
import type { ClusterCore } from '../ClusterCore.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { applyDistributed } from './dispatch.ts';
import { DistributedUnsupportedError } from './errors.ts';
import { sideArray } from './stack.ts';
import { type Distributed, StackedArray } from './StackedArray.ts';
import { sideDtype } from './elementwise.ts';

export interface DistributedDotTestOptions {
  /**
   * Chunks of x (model side) and of y (data side), or a function of a part's dims (a stacked side has
   * one part per segment). @defaultValue the cluster's default
   */
  chunks?: ChunksSpec | ((dims: readonly number[]) => ChunksSpec);
  chunksd?: ChunksSpec | ((dims: readonly number[]) => ChunksSpec);
  /** @defaultValue 1e-12 (1e-4 for single precision) */
  rtol?: number;
  /** @defaultValue 0 */
  seed?: number;
}

/** Resolves with the relative error; rejects with DotTestError above `rtol`. */
export async function dottestDistributed(op: LinearOperator, cluster: ClusterCore, opts: DistributedDotTestOptions = {}): Promise<number> {
  const rtol = opts.rtol ?? (isSingle(op.dtype) ? 1e-4 : 1e-12);
  const side = (c: boolean) => sideDtype(op.dtype, c);
  const random = (s: 'model' | 'data', seed: number, chunks: DistributedDotTestOptions['chunks'], complex: boolean) =>
    sideArray(op, s, (dims, i) => cluster.random(dims, { seed: seed + 1000 * i, chunks: typeof chunks === 'function' ? chunks(dims) : chunks, dtype: side(complex) }));
  const x = random('model', opts.seed ?? 0, opts.chunks, op.modelComplex);
  const y = random('data', (opts.seed ?? 0) + 1, opts.chunksd, op.dataComplex);
  const ax = applyDistributed(op, x, false);
  const aty = applyDistributed(op, y, true);
  const [lhs, rhs] = await Promise.all([inner(y, ax), inner(aty, x)]);
  await Promise.all([x, y, ax, aty].map((a) => a.free()));
  const err = Math.abs(lhs - rhs) / Math.max(Math.abs(lhs), Math.abs(rhs), Number.MIN_VALUE);
  if (err > rtol) throw new DotTestError(op.name, lhs, rhs, err, rtol);
  return err;
}

/** Re <a, b> = Re Σ conj(a) b, summed over the parts of stacked arrays in order. */
async function inner(a: Distributed, b: Distributed): Promise<number> {
  if (a instanceof StackedArray || b instanceof StackedArray) {
    const [pa, pb] = [a, b].map((v) => (v instanceof StackedArray ? v.parts : [v]));
    if (pa.length !== pb.length) throw new DistributedUnsupportedError('dottest', 'the two sides are stacked differently');
    const parts = await Promise.all(pa.map((p, i) => inner(p, pb[i])));
    return parts.reduce((s, v) => s + v, 0);
  }
  return innerArrays(a, b);
}

/** Re <a, b> of two distributed arrays (the grids may differ: b is rechunked to a's). */
async function innerArrays(a: DistributedArray, b: DistributedArray): Promise<number> {
  const bb = b.grid.equals(a.grid) ? b : b.rechunk(a.grid.toJSON());
  const v = isComplex(a.dtype) ? (await a.vdot(bb))[0] : await a.dot(bb);
  if (bb !== b) await bb.free();
  return v;
}
