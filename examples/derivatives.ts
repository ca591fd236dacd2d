/**
 * PyLops-distributed's derivatives example on actorlops: the same operator objects applied to local
 * arrays and to DistributedArrays whose blocks live in partition actors, compared sample by sample.
 *
 * (a) A 100-sample spike at sample 50, FirstDerivative over 3 chunks: forward and adjoint.
 * (b) An 11 x 21 spike at [5, 10], FirstDerivative and SecondDerivative along axis 0, the array chunked
 *     along axis 0 and, separately, along axis 1 (then the stencil needs no halo at all).
 * (c) The same spike through the Laplacian with weights (1, 1) and (3, 1), chunked along both axes.
 *
 * Every maximum difference printed is 0: the actors run the local kernels on their blocks extended by
 * halo slabs from their neighbours, so the gathered result has the local bits.
 *
 * Run: `npx tsx examples/derivatives.ts` (simulation: actors in this process), or
 * `npx tsx examples/derivatives.ts --nats` (2 worker processes over a nats-server started on a free port).
 */
import { type ChunksSpec, type Cluster, type LinearOperator, FirstDerivative, Laplacian, NDArray, SecondDerivative, launchCluster } from '../index.ts';
import { runIfMain } from './lib/cli.ts';

/** One comparison of the example. */
export interface DerivativeCase {
  name: string;
  op: LinearOperator;
  x: NDArray;
  chunks: ChunksSpec;
}

/** A spike of ones at `at` in zeros of `shape`. */
export function spike(shape: number[], at: number[]): NDArray {
  const x = NDArray.zeros(shape);
  x.set(at, 1);
  return x;
}

/** The cases of the example, in order. */
export function derivativeCases(): DerivativeCase[] {
  const x1 = spike([100], [50]);
  const x2 = spike([11, 21], [5, 10]);
  const dims = [11, 21];
  return [
    { name: 'FirstDerivative, 100 samples, 3 chunks', op: new FirstDerivative({ dims: 100, edge: true }), x: x1, chunks: 3 },
    { name: 'FirstDerivative axis 0, chunked along axis 0', op: new FirstDerivative({ dims, axis: 0, edge: true }), x: x2, chunks: [3, 1] },
    { name: 'FirstDerivative axis 0, chunked along axis 1', op: new FirstDerivative({ dims, axis: 0, edge: true }), x: x2, chunks: [1, 3] },
    { name: 'SecondDerivative axis 0, chunked along axis 0', op: new SecondDerivative({ dims, axis: 0, edge: true }), x: x2, chunks: [3, 1] },
    { name: 'SecondDerivative axis 0, chunked along axis 1', op: new SecondDerivative({ dims, axis: 0, edge: true }), x: x2, chunks: [1, 3] },
    { name: 'Laplacian weights (1, 1), chunked along both axes', op: new Laplacian({ dims, weights: [1, 1] }), x: x2, chunks: [2, 2] },
    { name: 'Laplacian weights (3, 1), chunked along both axes', op: new Laplacian({ dims, weights: [3, 1] }), x: x2, chunks: [2, 2] },
  ];
}

/** max |a - b| over the samples (Infinity when the lengths differ). */
export function maxDiff(a: NDArray, b: NDArray): number {
  if (a.data.length !== b.data.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

/** Runs every case on `cluster`: the maximum differences of forward and adjoint against the local operator. */
export async function compareDerivatives(cluster: Cluster): Promise<{ name: string; forward: number; adjoint: number }[]> {
  const rows = [];
  for (const c of derivativeCases()) {
    const xd = cluster.fromArray(c.x, { chunks: c.chunks });
    const yd = c.op.matvec(xd); // runs in the actors: y stays distributed
    const xad = c.op.rmatvec(yd);
    const [y, xa] = await Promise.all([yd.toArray(), xad.toArray()]);
    const yl = c.op.matvec(c.x);
    rows.push({ name: c.name, forward: maxDiff(y, yl), adjoint: maxDiff(xa, c.op.rmatvec(yl)) });
    await Promise.all([xd, yd, xad].map((a) => a.free()));
  }
  return rows;
}

async function main(argv: string[]): Promise<void> {
  const nats = argv.includes('--nats');
  const cluster = await launchCluster(nats ? { transport: 'nats', workers: 2 } : { partitions: 3 });
  try {
    console.log(`cluster: ${cluster.mode}, actors ${cluster.actors.join(', ')}`);
    for (const r of await compareDerivatives(cluster)) console.log(`${r.name}: max |distributed - local| forward ${r.forward}, adjoint ${r.adjoint}`);
  } finally {
    await cluster.close();
  }
}

runIfMain(import.meta.url, main);
