import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { WorkerLostError } from '../../../runtime/cluster/errors.ts';
import { type NatsServer, startNatsServer } from '../../../runtime/testing/natsServer.ts';
import { vectorCases, vectorDigest } from '../../actors/vectorCases.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runtime/cluster over a real nats-server', function () {
  this.timeout(60_000);
  let server: NatsServer;
  before(async () => {
    server = await startNatsServer();
  });
  after(() => server.stop());

  it('gives results bit-identical to simulation with 1, 2, 3 and 4 workers, on every grid of the table', async () => {
    const sim = await launchCluster();
    const expected = await Promise.all(vectorCases.map((k) => vectorDigest(sim, k)));
    await sim.close();
    for (const workers of [1, 2, 3, 4]) {
      const c = await launchCluster({ transport: 'nats', workers, servers: server.url });
      try {
        expect(c.actors).to.have.length(workers);
        const got = await Promise.all(vectorCases.map((k) => vectorDigest(c, k)));
        expect(got, `${workers} workers`).to.deep.equal(expected);
      } finally {
        await c.close();
      }
    }
  });

  describe('with a cluster of 2 workers', () => {
    let c: Cluster;
    beforeEach(async () => {
      c = await launchCluster({ transport: 'nats', workers: 2, servers: server.url, lostAfterMs: 1500 });
    });
    afterEach(() => c.close());

    it('scatters and gathers a chunked array over NATS unchanged (several chunks per block)', async () => {
      const nd = NDArray.random([300, 500], 4);
      const back = await c.fromArray(nd, { chunks: [2, [100, 400]] }).toArray();
      expect(Array.from(back.data)).to.deep.equal(Array.from(nd.data));
    });

    it('fails the pending operation with WorkerLostError naming a SIGKILLed worker', async () => {
      const x = c.random([64, 64], { seed: 1, chunks: [2, 1] });
      await x.ready;
      const victim = c.actors[1];
      const pending = Promise.all(Array.from({ length: 200 }, () => x.scale(2).norm()));
      process.kill(c.pids[1], 'SIGKILL');
      const err = await pending.then(
        () => undefined,
        (e) => e,
      );
      expect(err).to.be.instanceOf(WorkerLostError);
      expect(err.worker).to.equal(victim);
      const later = await x.norm().catch((e) => e);
      expect(later).to.be.instanceOf(WorkerLostError).with.property('worker', victim);
    });
  });

  it('runs the next operation after nats-server restarts on the same port', async () => {
    const own = await startNatsServer();
    const c = await launchCluster({ transport: 'nats', workers: 2, servers: own.url });
    try {
      const x = c.random([20, 10], { seed: 3, chunks: [2, 1] });
      const before = await x.norm();
      await own.restart();
      expect(await x.norm()).to.equal(before);
    } finally {
      await c.close();
      await own.stop();
    }
  });

  it('leaves no worker or server process behind on close', async () => {
    const c = await launchCluster({ transport: 'nats', workers: 3 });
    expect(c.pids).to.have.length(4); // 3 workers and its own nats-server
    expect(c.pids.every(alive)).to.equal(true);
    await c.ping(c.actors[2]);
    await c.close();
    expect(c.pids.filter(alive)).to.deep.equal([]);
  });
});
