import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { DistributedArray } from '../../actors/DistributedArray.ts';
import { ActorCommandError, ArrayFreedError, ChunkGridMismatchError } from '../../actors/errors.ts';
import type { DType } from '../../operators/core/dtype.ts';
import { DISTRIBUTED } from '../../operators/core/LinearOperator.ts';
import { NDArray, relativeError } from '../../operators/core/NDArray.ts';
import { vectorCases, vectorDigest } from './vectorCases.ts';

describe('actors/DistributedArray in simulation', () => {
  let c: Cluster;
  before(async () => {
    c = await launchCluster();
  });
  after(() => c.close());

  const roundTrips: { shape: number[]; chunks: any; dtype: DType }[] = [
    { shape: [9, 4], chunks: [4, 1], dtype: 'float64' },
    { shape: [9, 4], chunks: [1, [1, 3]], dtype: 'float32' },
    { shape: [3, 5, 7], chunks: [[1, 2], 5, [3, 4]], dtype: 'complex128' },
    { shape: [13], chunks: 3, dtype: 'complex64' },
  ];
  for (const k of roundTrips) {
    it(`scatters and gathers a ${k.dtype} array of shape [${k.shape}] on chunks ${JSON.stringify(k.chunks)} unchanged`, async () => {
      const nd = NDArray.random(k.shape, 5, k.dtype);
      const back = await c.fromArray(nd, { chunks: k.chunks }).toArray();
      expect(back.shape).to.deep.equal(k.shape);
      expect(back.dtype).to.equal(k.dtype);
      expect(Array.from(back.data)).to.deep.equal(Array.from(nd.data));
    });
    it(`makes random arrays equal to NDArray.random for ${k.dtype} [${k.shape}] on any grid`, async () => {
      const back = await c.random(k.shape, { seed: 7, chunks: k.chunks, dtype: k.dtype }).toArray();
      expect(Array.from(back.data)).to.deep.equal(Array.from(NDArray.random(k.shape, 7, k.dtype).data));
    });
  }

  it('carries the DISTRIBUTED brand operators dispatch on', () => {
    expect(c.zeros([3])[DISTRIBUTED]).to.equal(true);
  });

  it('computes axpy, scale, mul, copy and sub as the local loops do, bit for bit', async () => {
    const x = NDArray.random([8, 6], 1);
    const y = NDArray.random([8, 6], 2);
    const dx = c.fromArray(x, { chunks: [3, 2] });
    const dy = c.fromArray(y, { chunks: [3, 2] });
    const expected: [DistributedArray, (i: number) => number][] = [
      [dx.axpy(0.5, dy), (i) => 0.5 * y.data[i] + x.data[i]],
      [dx.scale(-2), (i) => -2 * x.data[i]],
      [dx.mul(dy), (i) => x.data[i] * y.data[i]],
      [dx.copy(), (i) => x.data[i]],
      [dx.sub(dy), (i) => -1 * y.data[i] + x.data[i]],
    ];
    for (const [d, f] of expected) expect(Array.from((await d.toArray()).data)).to.deep.equal(Array.from(x.data, (_, i) => f(i)));
  });

  it('gives dot and norms within 1e-12 of the local values', async () => {
    const x = NDArray.random([10, 7], 3);
    const y = NDArray.random([10, 7], 4);
    const dx = c.fromArray(x, { chunks: [[3, 7], 2] });
    const dy = c.fromArray(y, { chunks: [[3, 7], 2] });
    let dot = 0;
    let n1 = 0;
    let n2 = 0;
    let ninf = 0;
    x.data.forEach((v, i) => ((dot += v * y.data[i]), (n1 += Math.abs(v)), (n2 += v * v), (ninf = Math.max(ninf, Math.abs(v)))));
    expect(relativeError([await dx.dot(dy)], [dot])).to.be.below(1e-12);
    expect(relativeError([await dx.norm(1)], [n1])).to.be.below(1e-12);
    expect(relativeError([await dx.norm()], [Math.sqrt(n2)])).to.be.below(1e-12);
    expect(await dx.norm(Infinity)).to.equal(ninf);
  });

  it('gives bit-identical results for 1, 3 and 4 partitions', async () => {
    const digests = [];
    for (const partitions of [1, 3, 4]) {
      const ci = await launchCluster({ partitions });
      digests.push(await Promise.all(vectorCases.map((k) => vectorDigest(ci, k))));
      await ci.close();
    }
    expect(digests[1]).to.deep.equal(digests[0]);
    expect(digests[2]).to.deep.equal(digests[0]);
  });

  it('rechunks to another grid with the same values', async () => {
    const nd = NDArray.random([6, 9, 4], 8);
    const x = c.fromArray(nd, { chunks: [2, [4, 5], 1] });
    const y = x.rechunk([[1, 5], 1, [3, 1]]);
    expect(y.chunks).to.deep.equal([[1, 5], [9], [3, 1]]);
    expect(Array.from((await y.toArray()).data)).to.deep.equal(Array.from(nd.data));
  });

  it('pipelines a chain: handles come back at once and the last result sees every step', async () => {
    let x = c.fromArray(NDArray.ones([5, 5]), { chunks: [5, 1] });
    for (let i = 0; i < 20; i++) x = x.scale(2);
    expect(x).to.be.instanceOf(DistributedArray);
    expect(await x.norm(Infinity)).to.equal(2 ** 20);
  });

  it('updates in place with axpbyInPlace and scaleInPlace', async () => {
    const x = c.fromArray(NDArray.fromNested([1, 2, 3]), { chunks: [2] });
    const y = c.fromArray(NDArray.fromNested([10, 20, 30]), { chunks: [2] });
    await y.axpbyInPlace(2, x, 0.5);
    await y.scaleInPlace(-1);
    expect((await y.toArray()).toNested()).to.deep.equal([-7, -14, -21]);
  });

  it('refuses arrays on different chunk grids with ChunkGridMismatchError', () => {
    const a = c.zeros([6, 6], { chunks: [2, 1] });
    const b = c.zeros([6, 6], { chunks: [3, 1] });
    expect(() => a.axpy(1, b)).to.throw(ChunkGridMismatchError).with.property('operation', 'DistributedArray.axpy');
  });

  it('refuses a freed array with ArrayFreedError, and the actors no longer hold it', async () => {
    const a = c.zeros([4], { chunks: [2] });
    const alias = new DistributedArray(c, a.id, a.shape, a.dtype, a.grid, Promise.resolve());
    await a.free();
    expect(() => a.scale(2)).to.throw(ArrayFreedError);
    const err = await alias.norm().catch((e) => e);
    expect(err).to.be.instanceOf(ActorCommandError).with.property('remote', 'UnknownArrayError');
  });
});
