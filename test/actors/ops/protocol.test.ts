import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';
import { DistributedUnsupportedError, StackedArray, TrafficMeter, haloTraffic } from '../../../actors/ops/index.ts';
import { DTypeError, ShapeMismatchError } from '../../../operators/core/errors.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { FFT, FirstDerivative, Gradient, Identity, Laplacian, Smoothing2D, VStack } from '../../../operators/index.ts';
import { sameBits } from './cases.ts';

describe('actors/ops: the halo-exchange protocol', () => {
  const clusters: Cluster[] = [];
  const cluster = async (partitions: number) => {
    const c = await launchCluster({ partitions });
    clusters.push(c);
    return c;
  };
  after(() => Promise.all(clusters.map((c) => c.close())));

  const counts: { name: string; partitions: number; chunks: any; op: () => LinearOperator; bundles: number }[] = [
    { name: 'a stencil along an unchunked axis', partitions: 4, chunks: [4, 1], op: () => new FirstDerivative({ dims: [16, 12], axis: 1, edge: true }), bundles: 0 },
    { name: 'a Laplacian whose axes (0, 0) are unchunked (blocks along axis 1)', partitions: 4, chunks: [1, 4], op: () => new Laplacian({ dims: [16, 12], axes: [0, 0] }), bundles: 0 },
    { name: 'a first derivative across 4 actors (3 neighbour pairs, both ways)', partitions: 4, chunks: [4, 1], op: () => new FirstDerivative({ dims: [16, 12], axis: 0 }), bundles: 6 },
    { name: '4 blocks on 2 actors (only the middle pair crosses actors)', partitions: 2, chunks: [4, 1], op: () => new FirstDerivative({ dims: [16, 12], axis: 0 }), bundles: 2 },
    { name: 'a Laplacian on a 2x2 grid (both axes in one round, one bundle per neighbour actor)', partitions: 4, chunks: [2, 2], op: () => new Laplacian({ dims: [16, 12] }), bundles: 8 },
    { name: 'a Gradient on a 2x2 grid', partitions: 4, chunks: [2, 2], op: () => new Gradient({ dims: [16, 12] }), bundles: 8 },
    { name: 'a Smoothing2D on a 2x2 grid (two stages, one axis each)', partitions: 4, chunks: [2, 2], op: () => new Smoothing2D({ nsmooth: 3, dims: [16, 12] }), bundles: 8 },
  ];
  for (const k of counts) {
    it(`publishes ${k.bundles} messages for ${k.name}`, async () => {
      const c = await cluster(k.partitions);
      const x = c.fromArray(NDArray.random([16, 12], 1), { chunks: k.chunks });
      await x.ready;
      const meter = new TrafficMeter(c);
      const op = k.op();
      const y = op.matvec(x);
      await y.ready;
      await meter.settle();
      meter.close();
      expect(meter.messages).to.equal(k.bundles);
      expect(meter.halo).to.equal(k.bundles); // every bundle on a halo subject, none on the data subjects
      if (!(op instanceof Smoothing2D)) expect((await haloTraffic(y)).messages).to.equal(k.bundles);
      expect(sameBits((await y.toArray()).data, op.matvec(await x.toArray()).data)).to.equal(true);
    });
  }

  it('reports the bytes of the halo slabs it moved', async () => {
    const c = await cluster(2);
    const x = c.random([10, 7], { seed: 2, chunks: [2, 1] });
    const t = await haloTraffic(new FirstDerivative({ dims: [10, 7], axis: 0, order: 5 }).matvec(x));
    expect(t).to.deep.equal({ messages: 2, bytes: 2 * 2 * 7 * 8 }); // two rows of 7 float64 each way
  });

  it('answers a duplicated stencil command from the actor cache without sending its slabs again', async () => {
    const c = await cluster(2);
    const op = new FirstDerivative({ dims: [8, 3], axis: 0 });
    const x = c.random([8, 3], { seed: 4, chunks: [2, 1] });
    const y = op.matvec(x);
    const before = await y.toArray();
    const meter = new TrafficMeter(c);
    const args = { spec: op.toSpec(), adjoint: false, stage: 0, x: x.id, out: y.id, outDtype: 'float64', sizes: [[4, 4], [3]], owners: ['p0', 'p1'], blocks: [0], tag: `${y.id}s0`, timeout: 1000 };
    await c.driver.command('p0', 'ops.stencil', args, `${y.id}@p0`);
    await meter.settle();
    meter.close();
    expect(meter.messages).to.equal(0);
    expect(sameBits((await y.toArray()).data, before.data)).to.equal(true);
  });

  it('pipelines chained applies: a product of four operators gives the local bits', async () => {
    const c = await cluster(3);
    const x = NDArray.random([9, 14], 5);
    const A = new Laplacian({ dims: [9, 14], weights: [2, 0.5] }).dot(new FirstDerivative({ dims: [9, 14], axis: 0 })).pow(2);
    const y = A.matvec(c.fromArray(x, { chunks: [3, 2] }));
    expect(sameBits((await y.toArray()).data, A.matvec(x).data)).to.equal(true);
  });

  const unsupported: { name: string; op: () => LinearOperator }[] = [
    { name: 'Identity', op: () => new Identity({ N: [5, 6], M: [6, 5] }) }, // sides differing beyond axis 0
  ];
  for (const u of unsupported) {
    it(`throws DistributedUnsupportedError naming ${u.name} instead of gathering`, async () => {
      const c = await cluster(2);
      const op = u.op();
      const x = c.zeros(op.dims);
      expect(() => op.matvec(x)).to.throw(DistributedUnsupportedError).with.property('operator', u.name);
    });
  }

  it('throws DistributedUnsupportedError naming FirstDerivative for a stacked array given to it', async () => {
    const c = await cluster(2);
    const x = StackedArray.of([c.zeros([10]), c.zeros([20])]);
    expect(() => new FirstDerivative({ dims: 30 }).matvec(x)).to.throw(DistributedUnsupportedError).with.property('operator', 'FirstDerivative');
  });

  it('throws ShapeMismatchError for a VStack data side given as one array', async () => {
    const c = await cluster(2);
    const A = new VStack({ ops: [new FirstDerivative({ dims: 15 }), new FirstDerivative({ dims: 15 })] });
    expect(() => A.rmatvec(c.zeros([30]))).to.throw(ShapeMismatchError);
  });

  it('throws ShapeMismatchError for an array without the operator dims', async () => {
    const c = await cluster(2);
    expect(() => new FirstDerivative({ dims: [6, 5] }).matvec(c.zeros([30]))).to.throw(ShapeMismatchError);
  });

  it('throws DTypeError for a real array given to a complex model side', async () => {
    const c = await cluster(2);
    expect(() => new FFT({ dims: [6, 5] }).matvec(c.zeros([6, 5]))).to.throw(DTypeError);
  });

  it('leaves local inputs to the local operator', () => {
    const op = new FirstDerivative({ dims: 5 });
    expect(Array.from(op.matvec(new Float64Array([0, 1, 4, 9, 16])))).to.deep.equal([0, 2, 4, 6, 0]);
  });
});
