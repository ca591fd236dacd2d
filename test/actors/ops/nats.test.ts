import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';
import { StackedArray, TrafficMeter, dottestDistributed } from '../../../actors/ops/index.ts';
import { compareDerivatives } from '../../../examples/derivatives.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { Diagonal, FirstDerivative, Gradient, Identity, Laplacian, Roll, SecondDirectionalDerivative, Transpose, VStack } from '../../../operators/index.ts';
import { sameBits, sideChunks } from './cases.ts';

describe('actors/ops over NATS with 2 worker processes', function () {
  this.timeout(60_000);
  let c: Cluster;
  before(async () => {
    c = await launchCluster({ transport: 'nats', workers: 2 });
  });
  after(() => c?.close());

  const dims = [40, 33];
  const cases: { name: string; op: () => LinearOperator; chunks: any }[] = [
    { name: 'FirstDerivative order 5 along axis 0 on uneven blocks', op: () => new FirstDerivative({ dims, axis: 0, order: 5, edge: true }), chunks: [[1, 2, 17, 20], 1] },
    { name: 'Laplacian (3, 1) on a 2x2 grid', op: () => new Laplacian({ dims, weights: [3, 1] }), chunks: [2, 2] },
    { name: 'Gradient on blocks along axis 1', op: () => new Gradient({ dims, edge: true }), chunks: [1, 3] },
    { name: 'Roll along axis 0 (redistribution)', op: () => new Roll({ dims, axis: 0, shift: 7 }), chunks: [2, 1] },
    { name: 'Transpose (block moves)', op: () => new Transpose({ dims, axes: [1, 0] }), chunks: [2, 2] },
    { name: 'SecondDirectionalDerivative with a per-point field on a 2x2 grid', op: () => new SecondDirectionalDerivative({ dims, v: { shape: [2, ...dims], data: Array.from(NDArray.random([2, ...dims], 4).data) } }), chunks: [2, 2] },
    { name: 'a local Diagonal times a FirstDerivative', op: () => new Diagonal({ diag: NDArray.random([dims[0] * dims[1]], 3).data, dims }).dot(new FirstDerivative({ dims, axis: 1 })), chunks: [2, 2] },
  ];
  for (const k of cases) {
    it(`passes the dot test and gives the local bits for ${k.name}`, async () => {
      const op = k.op();
      const chunksd = sideChunks(op.dimsd, dims, k.chunks);
      await dottestDistributed(op, c, { chunks: k.chunks, chunksd, seed: 1 });
      const x = NDArray.random(op.dims, 2);
      const y = NDArray.random(op.dimsd, 3);
      const [f, a] = await Promise.all([op.matvec(c.fromArray(x, { chunks: k.chunks })).toArray(), op.rmatvec(c.fromArray(y, { chunks: chunksd })).toArray()]);
      expect(sameBits(f.data, op.matvec(x).data)).to.equal(true);
      expect(sameBits(a.data, op.rmatvec(y).data)).to.equal(true);
    });
  }

  it('applies VStack [I; 0.5 L] forward to an array and adjoint to a StackedArray with the local bits', async () => {
    const op = new VStack({ ops: [new Identity({ N: dims }), new Laplacian({ dims }).scale(0.5)] });
    const x = NDArray.random(dims, 6);
    const y = NDArray.random(op.dimsd, 7);
    const n = dims[0] * dims[1];
    const yd = StackedArray.of([0, 1].map((i) => c.fromArray(new NDArray(y.data.slice(i * n, (i + 1) * n), dims), { chunks: [2, 1] })));
    const [f, a] = await Promise.all([op.matvec(c.fromArray(x, { chunks: [2, 1] })).toArray(), op.rmatvec(yd).toArray()]);
    expect(sameBits(f.data, op.matvec(x).data)).to.equal(true);
    expect(sameBits(a.data, op.rmatvec(y).data)).to.equal(true);
  });

  it('publishes one halo bundle each way between the two workers for a derivative along the chunked axis', async () => {
    const x = c.random(dims, { seed: 5, chunks: [2, 1] });
    await x.ready;
    const meter = new TrafficMeter(c);
    await new FirstDerivative({ dims, axis: 0 }).matvec(x).ready;
    await meter.settle(100);
    meter.close();
    expect(meter.messages).to.equal(2);
    expect(meter.halo).to.equal(2);
  });

  it('runs the derivatives example with max difference 0', async () => {
    for (const r of await compareDerivatives(c)) expect([r.name, r.forward, r.adjoint]).to.deep.equal([r.name, 0, 0]);
  });
});
