/**
 * Shared table of the distributed solver tests: operators that have a distributed protocol (stencils,
 * Diagonal, MatrixMult by redistribution, algebra of them), solver runs on them, chunk grids with
 * uneven blocks per partition count, and the comparison helpers.
 */
import { expect } from 'chai';
import { type Cluster, DistributedArray, DistributedVectors } from '../../../actors/index.ts';
import type { FloatArray } from '../../../operators/core/dtype.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import '../../../index.ts';
import { cg, cgls, fista, ista, lsqr, power_iteration, type SolverResult } from '../../../solvers/index.ts';

const SHAPE = [24, 18];
const lap = () => fromSpec({ op: 'Laplacian', params: { dims: SHAPE, axes: [0, 1], dtype: 'float64' } });
const d1 = () => fromSpec({ op: 'FirstDerivative', params: { dims: SHAPE, axis: 0, kind: 'centered', edge: true, dtype: 'float64' } });
/** A full diagonal over SHAPE (values `d`). */
const diagonal = (d: ArrayLike<number>) => fromSpec({ op: 'Diagonal', params: { diag: Array.from(d), dims: SHAPE, dtype: 'float64' } });
const diag = () => diagonal(NDArray.random(SHAPE, 11).data.map((v) => 1.5 + v));
/** A (n x m) applied along axis 0 of [m, 6]: model [20, 6], data [30, 6] (non-square sides). */
const matmul = () => fromSpec({ op: 'MatrixMult', params: { A: { shape: [30, 20], data: Array.from(NDArray.random([30, 20], 5).data) }, otherdims: [6], dtype: 'float64' } });
/** I + 0.1 L^T L: symmetric positive definite, for cg and power iteration. */
const spd = () => {
  const L = lap();
  return diagonal(new Float64Array(SHAPE[0] * SHAPE[1]).fill(1)).plus(L.H.dot(L).scale(0.1));
};

export type Run = (op: LinearOperator, y: unknown, x0: unknown, space: (op: LinearOperator) => DistributedVectors | undefined) => Promise<SolverResult>;
export interface Case {
  name: string;
  op: () => LinearOperator;
  /** Seed of y (data side) and of x0 (model side, when used). */
  seed: number;
  x0?: number;
  run: Run;
}

export const cases: Case[] = [
  { name: 'cg on I + 0.1 LᵀL (Sum, Product, Adjoint, Scaled of a Laplacian)', op: spd, seed: 1, run: (op, y) => cg(op, y, { niter: 12, tol: 0 }) },
  { name: 'cg on a positive Diagonal from x0', op: diag, seed: 2, x0: 3, run: (op, y, x0) => cg(op, y, { niter: 8, tol: 0, x0 }) },
  { name: 'cgls on a Laplacian with damp 0.1', op: lap, seed: 4, run: (op, y) => cgls(op, y, { niter: 12, damp: 0.1, tol: 0 }) },
  { name: 'cgls on MatrixMult (model and data sides of different shapes) from x0', op: matmul, seed: 5, x0: 6, run: (op, y, x0) => cgls(op, y, { niter: 10, tol: 0, x0 }) },
  // damp 1: with damp 0.3 the centered derivative's near-null space amplifies last-bit differences of
  // block-summed reductions to ~1.5e-11 after 12 iterations (conditioning, not the space)
  { name: 'lsqr on a FirstDerivative with damp 1', op: d1, seed: 7, run: (op, y) => lsqr(op, y, { niter: 12, damp: 1 }) },
  { name: 'lsqr on MatrixMult', op: matmul, seed: 8, run: (op, y) => lsqr(op, y, { niter: 10 }) },
  { name: 'ista (soft) on MatrixMult, alpha from eigs of OpᴴOp', op: matmul, seed: 9, run: (op, y) => ista(op, y, { niter: 8, eps: 0.5, eigsiter: 30, tol: 0 }) },
  { name: 'ista (hard) on a Laplacian with a given alpha', op: lap, seed: 10, run: (op, y) => ista(op, y, { niter: 8, eps: 0.05, alpha: 0.02, threshkind: 'hard', tol: 0 }) },
  { name: 'fista (half) on a FirstDerivative', op: d1, seed: 12, run: (op, y) => fista(op, y, { niter: 8, eps: 0.2, alpha: 0.2, threshkind: 'half', tol: 0 }) },
  { name: 'power_iteration on I + 0.1 LᵀL', op: spd, seed: 13, run: (op, _y, _x0, space) => power_iteration(op, { niter: 10, tol: 0, space: space(op) }) },
];

/** Chunk grids of the data side per partition count: one block, then uneven blocks along both axes. */
export const grids: { partitions: number; chunks: (shape: readonly number[]) => number[][] | 1 }[] = [
  { partitions: 1, chunks: () => 1 },
  { partitions: 2, chunks: (s) => [[5, s[0] - 5], [s[1]]] },
  { partitions: 3, chunks: (s) => [[3, 10, s[0] - 13], [s[1] - 4, 4]] },
];

/** Another uneven grid, for an x0 chunked unlike the model side. */
export const x0Chunks = (s: readonly number[]): number[][] => [[s[0] - 2, 2], [s[1]]];

/** ||a - b|| / ||b||. */
export function relerr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) ((num += (a[i] - b[i]) ** 2), (den += b[i] ** 2));
  return Math.sqrt(num / (den || 1));
}

/** The local run and the distributed run of `c` on `cluster` with data chunks `chunks`. */
export async function runBoth(c: Case, cluster: Cluster, chunks: number[][] | 1) {
  const op = c.op();
  const y = NDArray.random(op.dimsd, c.seed);
  const x0 = c.x0 === undefined ? undefined : NDArray.random(op.dims, c.x0);
  const local = await c.run(op, y.data, x0?.data, () => undefined);
  const yd = cluster.fromArray(y, { chunks });
  const x0d = x0 && cluster.fromArray(x0, { chunks: chunks === 1 ? 1 : x0Chunks(op.dims) });
  const space = (o: LinearOperator) => DistributedVectors.forOperator(cluster, o, { chunks: { model: chunks } });
  const dist = await c.run(op, yd, x0d, space);
  expect(dist.x).to.be.instanceOf(DistributedArray);
  const xd = (await (dist.x as DistributedArray).toArray()).data;
  await Promise.all([yd.free(), x0d?.free(), (dist.x as DistributedArray).free()]);
  return { local, dist, xd, xl: local.x as FloatArray };
}
