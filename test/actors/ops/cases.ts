/** Shared tables of the distributed-operator tests: operators, chunk grids and bit comparison. */
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';
import type { ChunksSpec } from '../../../actors/chunks.ts';
import type { DType, FloatArray } from '../../../operators/core/dtype.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import '../../../operators/index.ts';
import {
  Convolve1D, Diagonal, FFT, FirstDerivative, FirstDirectionalDerivative, Gradient, Identity, Laplacian, MatrixMult, Restriction, Roll, SecondDerivative, SecondDirectionalDerivative, Smoothing1D, Smoothing2D, Transpose, Zero,
} from '../../../operators/index.ts';
import '../../../actors/ops/index.ts';

export const DIMS = [11, 21];

/** A chunk grid of the model side on a cluster of `partitions` actors. */
export interface GridCase {
  name: string;
  partitions: number;
  chunks: ChunksSpec;
}

export const grids: GridCase[] = [
  { name: '1 actor, one block', partitions: 1, chunks: [1, 1] },
  { name: '2 actors, even along axis 0', partitions: 2, chunks: [2, 1] },
  { name: '3 actors, uneven along axis 0', partitions: 3, chunks: [[3, 8], 1] },
  { name: '4 actors, blocks 1 and 2 wide along axis 0', partitions: 4, chunks: [[1, 2, 1, 7], 1] },
  { name: '2 actors, even along axis 1', partitions: 2, chunks: [1, 2] },
  { name: '4 actors, blocks 1 and 2 wide along axis 1', partitions: 4, chunks: [1, [1, 2, 9, 9]] },
  { name: '4 actors, along both axes', partitions: 4, chunks: [2, 2] },
  { name: '3 actors, uneven and thin along both axes', partitions: 3, chunks: [[5, 6], [1, 2, 18]] },
  { name: '2 actors, 12 blocks (same-actor neighbours)', partitions: 2, chunks: [4, 3] },
];

/** An operator of the table: its name and a builder (fresh per dtype). */
export interface OpCase {
  name: string;
  make(): LinearOperator;
}

const matrix = (n: number, m: number, seed: number) => ({ shape: [n, m], data: Array.from(NDArray.random([n, m], seed).data) });
const spread = (n: number, seed: number, dtype: DType = 'float64') => Array.from(NDArray.random([n], seed, dtype).data);

export const operators: OpCase[] = [
  { name: 'FirstDerivative centered order 3 with edges along axis 0', make: () => new FirstDerivative({ dims: DIMS, axis: 0, edge: true, sampling: 0.5 }) },
  { name: 'FirstDerivative centered order 5 with edges along axis 1', make: () => new FirstDerivative({ dims: DIMS, axis: 1, order: 5, edge: true }) },
  { name: 'FirstDerivative forward along axis 0', make: () => new FirstDerivative({ dims: DIMS, axis: 0, kind: 'forward' }) },
  { name: 'FirstDerivative backward along axis 1 in float32', make: () => new FirstDerivative({ dims: DIMS, axis: 1, kind: 'backward', dtype: 'float32' }) },
  { name: 'FirstDerivative complex128 along axis 0', make: () => new FirstDerivative({ dims: DIMS, axis: 0, edge: true, dtype: 'complex128' }) },
  { name: 'SecondDerivative with edges along axis 0', make: () => new SecondDerivative({ dims: DIMS, axis: 0, edge: true, sampling: 2 }) },
  { name: 'SecondDerivative forward along axis 1', make: () => new SecondDerivative({ dims: DIMS, axis: 1, kind: 'forward' }) },
  { name: 'Laplacian with weights (1, 1)', make: () => new Laplacian({ dims: DIMS }) },
  { name: 'Laplacian with weights (3, 1), sampling and edges', make: () => new Laplacian({ dims: DIMS, weights: [3, 1], sampling: [0.5, 2], edge: true }) },
  { name: 'Laplacian with weights (3, 1) in float32', make: () => new Laplacian({ dims: DIMS, weights: [3, 1], dtype: 'float32' }) },
  { name: 'Gradient with edges and sampling', make: () => new Gradient({ dims: DIMS, edge: true, sampling: [0.5, 2] }) },
  { name: 'Convolve1D along axis 0 (even filter, offset 1)', make: () => new Convolve1D({ dims: DIMS, axis: 0, h: [1, -2, 0.5, 3], offset: 1 }) },
  { name: 'Convolve1D along axis 1 (offset at the end)', make: () => new Convolve1D({ dims: DIMS, axis: 1, h: [0.25, 1, -1, 2, 0.5], offset: 4 }) },
  { name: 'Convolve1D with a filter longer than axis 0', make: () => new Convolve1D({ dims: DIMS, axis: 0, h: spread(13, 3), offset: 5 }) },
  { name: 'Smoothing1D along axis 0', make: () => new Smoothing1D({ nsmooth: 5, dims: DIMS, axis: 0 }) },
  { name: 'Smoothing2D in float32 (double intermediate)', make: () => new Smoothing2D({ nsmooth: [3, 5], dims: DIMS, dtype: 'float32' }) },
  { name: 'Diagonal with one value per sample', make: () => new Diagonal({ diag: spread(231, 4), dims: DIMS }) },
  { name: 'Diagonal complex with one value per sample', make: () => new Diagonal({ diag: spread(231, 4, 'complex128'), dims: DIMS, dtype: 'complex128' }) },
  { name: 'Diagonal broadcast along axis 1', make: () => new Diagonal({ diag: spread(21, 5), dims: DIMS, axis: 1 }) },
  { name: 'Identity', make: () => new Identity({ N: DIMS }) },
  { name: 'Zero', make: () => new Zero({ N: DIMS }) },
  { name: 'rectangular Identity, taller (N = [14, 21])', make: () => new Identity({ N: [14, 21], M: DIMS }) },
  { name: 'rectangular Identity, shorter (N = [6, 21])', make: () => new Identity({ N: [6, 21], M: DIMS }) },
  { name: 'FirstDirectionalDerivative with a constant direction', make: () => new FirstDirectionalDerivative({ dims: DIMS, v: [0.6, -0.8], sampling: [0.5, 2], edge: true }) },
  { name: 'FirstDirectionalDerivative with a complex per-point field', make: () => new FirstDirectionalDerivative({ dims: DIMS, v: { shape: [2, ...DIMS], data: spread(2 * 231, 13, 'complex128') }, dtype: 'complex128', kind: 'forward' }) },
  { name: 'SecondDirectionalDerivative with a per-point field', make: () => new SecondDirectionalDerivative({ dims: DIMS, v: { shape: [2, ...DIMS], data: spread(2 * 231, 14) }, edge: true }) },
  { name: 'Restriction along axis 1', make: () => new Restriction({ dims: DIMS, iava: [0, 3, 4, 10, 20], axis: 1 }) },
  { name: 'Roll along axis 0', make: () => new Roll({ dims: DIMS, axis: 0, shift: 3 }) },
  { name: 'Transpose', make: () => new Transpose({ dims: DIMS, axes: [1, 0] }) },
  { name: 'FFT along axis 0 of a real model', make: () => new FFT({ dims: DIMS, axis: 0, dtype: 'float64', nfft: 16 }) },
  { name: 'FFT along axis 1 (complex)', make: () => new FFT({ dims: DIMS, axis: 1 }) },
  { name: 'MatrixMult along axis 0', make: () => new MatrixMult({ A: matrix(7, 11, 6), otherdims: [21] }) },
  { name: 'Product of a local Diagonal and a FirstDerivative', make: () => new Diagonal({ diag: spread(231, 7), dims: DIMS }).dot(new FirstDerivative({ dims: DIMS, axis: 0, edge: true })) },
  { name: 'Sum of a Laplacian and 2 Identity', make: () => new Laplacian({ dims: DIMS, weights: [3, 1] }).plus(new Identity({ N: DIMS }).scale(2)) },
  { name: 'Sum of a Roll and a Smoothing1D (different grids)', make: () => new Roll({ dims: DIMS, axis: 0, shift: -2 }).plus(new Smoothing1D({ nsmooth: 3, dims: DIMS, axis: 1 })) },
  { name: 'Scaled FirstDerivative (complex scalar)', make: () => new FirstDerivative({ dims: DIMS, axis: 1 }).scale([0.5, -2]) },
  { name: 'Power 2 of a SecondDerivative', make: () => new SecondDerivative({ dims: DIMS, axis: 0 }).pow(2) },
  { name: 'Adjoint of a Gradient (stacked input)', make: () => new Gradient({ dims: DIMS }).H },
  { name: 'Transposed of a complex Diagonal', make: () => new Diagonal({ diag: spread(231, 8, 'complex128'), dims: DIMS, dtype: 'complex128' }).T },
  { name: 'Conj of an FFT', make: () => new FFT({ dims: DIMS, axis: 1 }).conj() },
  { name: 'normal operator FFT^H Diagonal FFT', make: () => { const F = new FFT({ dims: DIMS, axis: 0 }); return F.H.dot(new Diagonal({ diag: spread(231, 9, 'complex128'), dims: DIMS, dtype: 'complex128' })).dot(F); } },
];

/** Chunks for another side of the operator, matching the model chunks where the axis length agrees. */
export function sideChunks(shape: readonly number[], model: readonly number[], chunks: ChunksSpec): ChunksSpec {
  const per = typeof chunks === 'number' ? model.map((_, a) => (a === 0 ? chunks : 1)) : chunks;
  if (shape.length === model.length + 1) return [2, ...per]; // stacked (Gradient): leading axis chunked too, the protocol rechunks it
  if (shape.length !== model.length) return 1;
  return shape.map((n, a) => {
    if (n === model[a]) return per[a];
    if (shape.length === 2 && n === model[1 - a]) return per[1 - a]; // transposed
    const c = per[a];
    return Math.min(n, typeof c === 'number' ? c : c.length);
  });
}

/** Side dtype of an operator. */
export function side(op: LinearOperator, complex: boolean): DType {
  const single = op.dtype === 'float32' || op.dtype === 'complex64';
  return single ? (complex ? 'complex64' : 'float32') : complex ? 'complex128' : 'float64';
}

/** Equal bits (not just equal values: -0 and 0 differ). */
export function sameBits(a: FloatArray, b: FloatArray): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** One simulation cluster per partition count, started once. */
export class Clusters {
  private readonly clusters = new Map<number, Cluster>();
  async get(partitions: number): Promise<Cluster> {
    let c = this.clusters.get(partitions);
    if (!c) this.clusters.set(partitions, (c = await launchCluster({ partitions })));
    return c;
  }
  async close(): Promise<void> {
    await Promise.all([...this.clusters.values()].map((c) => c.close()));
  }
}
