import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { vectorCases, vectorDigest } from '../actors/vectorCases.ts';

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
