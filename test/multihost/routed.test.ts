import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { vectorCases, vectorDigest } from '../actors/vectorCases.ts';
import { sameBits } from '../actors/ops/cases.ts';
import type { ChunksSpec } from '../../actors/chunks.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { FirstDerivative, Laplacian } from '../../operators/index.ts';
import { cgls } from '../../solvers/index.ts';
import type { DistributedArray } from '../../actors/DistributedArray.ts';
import { relerr } from '../solvers/distributed/cases.ts';

const dims = [61, 47];
const ops: { name: string; op: () => LinearOperator; chunks: ChunksSpec }[] = [
  { name: 'a Laplacian on a 3x2 grid', op: () => new Laplacian({ dims }), chunks: [3, 2] },
  { name: 'a weighted Laplacian with edges on uneven row blocks', op: () => new Laplacian({ dims, weights: [3, 1], sampling: [0.5, 2], edge: true }), chunks: [[5, 30, 26], 1] },
  { name: 'a 5-point first derivative along the rows, one block per worker', op: () => new FirstDerivative({ dims, axis: 0, order: 5 }), chunks: [3, 1] },
];

describe('multi-host: workers attached to different nodes of a routed NATS cluster', function () {
  this.timeout(30_000);
  let nc: NatsCluster;
  let c: Cluster;
  before(async () => {
    nc = await startNatsCluster();
    c = await launchCluster({ transport: 'nats', workers: 3, servers: nc.urls });
  });
  after(async () => {
    await c?.close();
    await nc?.stop();
  });

  it('spreads worker k onto node k mod 3 (as the nodes themselves report their connections)', async () => {
    const nodes = await Promise.all(c.actors.map((a) => nc.nodeOf(`actorlops-${c.name}-${a}`)));
    expect(nodes).to.deep.equal([0, 1, 2]);
    expect(c.describe().workers.map((w) => w.servers)).to.deep.equal(nc.urls.map((u) => [u]));
  });

  it('gives vector-op results bit-identical to simulation on every grid of the table', async () => {
    const sim = await launchCluster();
    const expected = await Promise.all(vectorCases.map((k) => vectorDigest(sim, k)));
    await sim.close();
    const got = await Promise.all(vectorCases.map((k) => vectorDigest(c, k)));
    expect(got).to.deep.equal(expected);
  });

  for (const k of ops) {
    it(`applies ${k.name} across workers on three nodes bit for bit as the local operator, forward and adjoint`, async () => {
      const op = k.op();
      const x = NDArray.random(dims, 7);
      const dx = c.fromArray(x, { chunks: k.chunks });
      const [f, a] = await Promise.all([op.matvec(dx).toArray(), op.rmatvec(dx).toArray()]);
      expect(sameBits(f.data, op.matvec(x).data), 'forward').to.equal(true);
      expect(sameBits(a.data, op.rmatvec(x).data), 'adjoint').to.equal(true);
    });
  }

  it('runs 50 cgls iterations on a damped Laplacian across three nodes to the local answer within 1e-12', async () => {
    const op = new Laplacian({ dims, weights: [1, 2] });
    const y = NDArray.random(dims, 3);
    const local = await cgls(op, y.data, { niter: 50, damp: 0.1, tol: 0 });
    const yd = c.fromArray(y, { chunks: [3, 1] });
    const dist = await cgls(op, yd, { niter: 50, damp: 0.1, tol: 0 });
    const x = (await (dist.x as DistributedArray).toArray()).data;
    expect(dist.iterations).to.equal(50);
    expect(relerr(x, local.x as Float64Array)).to.be.at.most(1e-12);
    expect(relerr(dist.cost, local.cost)).to.be.at.most(1e-12);
  });

  it('takes the server list as one comma-separated string too', async () => {
    const d = await launchCluster({ transport: 'nats', workers: 2, servers: nc.urls.join(','), attach: 'spread' });
    try {
      expect(d.describe().workers.map((w) => w.servers)).to.deep.equal([[nc.urls[0]], [nc.urls[1]]]);
      expect(await d.random([8, 8], { seed: 2 }).norm()).to.be.greaterThan(0);
    } finally {
      await d.close();
    }
  });
});
