import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { ChunkGridMismatchError } from '../../actors/errors.ts';
import { DTypeError, InvalidParameterError, ShapeMismatchError } from '../../operators/core/errors.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import type { DistributedArray } from '../../actors/DistributedArray.ts';

type Outcome = unknown;

interface ApiCase {
  name: string;
  run: (c: Cluster, x: DistributedArray) => Outcome;
  error: new (...a: any[]) => Error;
}

/** Runs `f`; awaits its `ready` or its promise; resolves with what was thrown or rejected, or undefined. */
async function failure(f: () => Outcome): Promise<unknown> {
  try {
    const r = f() as { ready?: Promise<void> } | Promise<unknown> | undefined;
    if (r && 'ready' in r && r.ready) await r.ready;
    else await r;
    return undefined;
  } catch (e) {
    return e;
  }
}

const apiCases: ApiCase[] = [
  { name: 'fromArray of a typed array instead of an NDArray', run: (c) => c.fromArray(new Float64Array(3) as never), error: DTypeError },
  { name: 'fromArray with more blocks than elements', run: (c) => c.fromArray(NDArray.ones([4]), { chunks: [5] }), error: InvalidParameterError },
  { name: 'fromArray with chunk sizes not summing to the axis', run: (c) => c.fromArray(NDArray.ones([4]), { chunks: [[1, 2]] }), error: ShapeMismatchError },
  { name: 'fromArray with a chunk grid of the wrong rank', run: (c) => c.fromArray(NDArray.ones([4]), { chunks: [2, 2] }), error: InvalidParameterError },
  { name: 'fromArray with a negative chunk size', run: (c) => c.fromArray(NDArray.ones([4]), { chunks: [[-1, 5]] }), error: InvalidParameterError },
  { name: 'zeros with a negative axis length', run: (c) => c.zeros([3, -1]), error: InvalidParameterError },
  { name: 'zeros with a fractional axis length', run: (c) => c.zeros([2.5]), error: InvalidParameterError },
  { name: 'zeros with a string as shape', run: (c) => c.zeros('abc' as never), error: InvalidParameterError },
  { name: 'axpy of arrays on different chunk grids', run: (c, x) => x.axpy(1, c.random([12], { chunks: [2] })), error: ChunkGridMismatchError },
  { name: 'axpy of arrays of different shapes', run: (c, x) => x.axpy(1, c.random([10])), error: ChunkGridMismatchError },
  { name: 'axpy of float64 and float32 arrays', run: (c, x) => x.axpy(1, c.random([12], { dtype: 'float32' })), error: DTypeError },
  { name: 'dot of arrays on different grids', run: (c, x) => x.dot(c.random([12], { chunks: [4] })), error: ChunkGridMismatchError },
  { name: 'axpy with a string as alpha', run: (_c, x) => x.axpy('a' as never, x), error: InvalidParameterError },
  { name: 'scaleInPlace with a three-element alpha', run: (_c, x) => x.copy().scaleInPlace([1, 2, 3] as never), error: InvalidParameterError },
  { name: 'norm with an unknown order', run: (_c, x) => x.norm('fro' as never), error: InvalidParameterError },
];

/** Expected values follow numpy: NaN wins over everything, Inf over finite numbers. */
const nanCases: { name: string; data: number[]; norm1: number; norm2: number; normInf: number; dot: number; axpy: number[] }[] = [
  { name: 'a NaN', data: [1, NaN, 3, 4, -2, 0], norm1: NaN, norm2: NaN, normInf: NaN, dot: NaN, axpy: [3, NaN, 9, 12, -6, 0] },
  { name: 'an Inf and a -Inf', data: [1, 2, Infinity, 4, -Infinity, 6], norm1: Infinity, norm2: Infinity, normInf: Infinity, dot: Infinity, axpy: [3, 6, Infinity, 12, -Infinity, 18] },
  { name: 'a NaN and an Inf in different blocks', data: [Infinity, 2, 3, 4, 5, NaN], norm1: NaN, norm2: NaN, normInf: NaN, dot: NaN, axpy: [Infinity, 6, 9, 12, 15, NaN] },
  { name: 'only finite numbers (control)', data: [3, 0, 0, 4, 0, 0], norm1: 7, norm2: 5, normInf: 4, dot: 25, axpy: [9, 0, 0, 12, 0, 0] },
];

describe('faults/bad input on the API of a simulated cluster', () => {
  let c: Cluster;
  let x: DistributedArray;
  const nd = NDArray.random([12], 5);
  before(async () => {
    c = await launchCluster({ partitions: 3 });
    x = c.fromArray(nd);
    await x.ready;
  });
  after(() => c.close());

  for (const k of apiCases) {
    it(`${k.name} gives ${k.error.name}, and the cluster keeps serving`, async () => {
      expect(await failure(() => k.run(c, x))).to.be.instanceOf(k.error);
      expect(await x.copy().norm(1)).to.equal(await x.norm(1));
      expect(Array.from((await x.toArray()).data)).to.deep.equal(Array.from(nd.data));
    });
  }

  for (const dtype of ['int32', 'float16']) {
    it(`zeros and random with the unknown dtype ${dtype} are refused with a DTypeError (the actor's, until the driver checks too)`, async () => {
      for (const make of [() => c.zeros([4], { dtype: dtype as never }), () => c.random([4], { dtype: dtype as never })]) {
        const e = (await failure(make)) as { remote?: string };
        expect(e instanceof DTypeError || e?.remote === 'DTypeError', String(e)).to.equal(true);
      }
      expect(await x.norm(Infinity)).to.equal(Math.max(...Array.from(nd.data, Math.abs)));
    });
  }

  for (const k of nanCases) {
    it(`propagates ${k.name} through norms, dot and axpy as numpy does (no hang)`, async () => {
      const v = c.fromArray(NDArray.fromNested(k.data), { chunks: [3] });
      expect([await v.norm(1), await v.norm(2), await v.norm(Infinity), await v.dot(v.scale(1))]).to.deep.equal([k.norm1, k.norm2, k.normInf, k.dot]);
      expect(Array.from((await v.axpy(2, v).toArray()).data)).to.deep.equal(k.axpy);
    });
  }
});
