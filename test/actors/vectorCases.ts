/** The table of vector-op cases shared by the simulation and NATS tests, and the digest they compare. */
import type { Cluster } from '../../actors/Cluster.ts';
import type { ChunksSpec } from '../../actors/chunks.ts';
import type { DType } from '../../operators/core/dtype.ts';

export interface VectorCase {
  name: string;
  shape: number[];
  chunks: ChunksSpec;
  dtype?: DType;
}

/** 2-D and 3-D, even and uneven grids, chunked along each axis. */
export const vectorCases: VectorCase[] = [
  { name: '2-D even along axis 0', shape: [12, 5], chunks: [4, 1] },
  { name: '2-D uneven along axis 1', shape: [6, 11], chunks: [1, [2, 5, 1, 3]] },
  { name: '2-D uneven along both axes', shape: [9, 7], chunks: [[4, 5], 3] },
  { name: '3-D along axis 0', shape: [5, 3, 4], chunks: [[1, 3, 1], 1, 1] },
  { name: '3-D along axis 1', shape: [3, 7, 2], chunks: [1, 3, 1] },
  { name: '3-D along axis 2', shape: [2, 3, 9], chunks: [1, 1, [4, 4, 1]] },
  { name: '2-D complex128 uneven', shape: [7, 4], chunks: [[3, 4], 2], dtype: 'complex128' },
];

/** Every vector op on two seeded arrays; numbers and gathered arrays, for exact comparison. */
export async function vectorDigest(c: Cluster, k: VectorCase): Promise<{ scalars: number[]; arrays: Float64Array[] }> {
  const opts = { chunks: k.chunks, dtype: k.dtype ?? 'float64' };
  const x = c.random(k.shape, { ...opts, seed: 11 });
  const y = c.random(k.shape, { ...opts, seed: 12 });
  const cplx = (k.dtype ?? '').startsWith('complex');
  const results = [x.axpy(0.75, y), x.scale(-3), x.mul(y), x.copy(), x.sub(y), cplx ? x.axpy([0.5, -2], y) : x.add(y)];
  const dot = cplx ? await x.vdot(y) : [await x.dot(y), 0];
  const scalars = [...dot, await x.norm(1), await x.norm(2), await x.norm(Infinity)];
  const arrays = await Promise.all(results.map(async (r) => (await r.toArray()).data as Float64Array));
  await Promise.all([x, y, ...results].map((a) => a.free()));
  return { scalars, arrays };
}
