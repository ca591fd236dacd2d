import { expect } from 'chai';
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver } from '../../actors/Driver.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';
import { simCluster } from './simCluster.ts';
import { type CutProxy, startCutProxy } from './proxy.ts';

const STEPS = 24;

/** In-place steps (a step applied twice changes the answer), each awaited; `fault` fires halfway. */
async function chain(c: ClusterCore, fault: () => Promise<void> = async () => {}): Promise<number[]> {
  const x = c.fromArray(NDArray.random([40, 6], 3), { chunks: [4, 1] });
  const y = c.fromArray(NDArray.random([40, 6], 4), { chunks: [4, 1] });
  let faulted: Promise<void> | undefined;
  for (let i = 0; i < STEPS; i++) {
    if (i === STEPS / 2) faulted = fault();
    await y.axpbyInPlace(0.5, x, 0.9);
    await x.scaleInPlace(-1.01);
  }
  await faulted;
  return [await y.norm(), await x.dot(y), ...Array.from((await y.toArray()).data)];
}

/** Two actors in this process over NATS (so their counters can be read), and a driver. */
async function natsCluster(actorUrl: string, driverUrl: string) {
  const quick = { reconnectTimeWait: 50, pingInterval: 500 };
  const ts = await Promise.all([actorUrl, actorUrl, driverUrl].map((servers) => NatsTransport.connect({ servers, ...quick })));
  const actors = [0, 1].map((k) => new PartitionActor({ transport: ts[k], cluster: 'brk', actor: `w${k}` }));
  await Promise.all(ts.map((t) => t.flush()));
  const driver = new Driver(ts[2], 'brk', { timeout: 30_000 });
  const seen = { reconnects: 0 };
  ts[2].onStatus((st) => st.type === 'reconnect' && seen.reconnects++);
  for (const a of actors) driver.epochs.set(a.name, a.epoch);
  return {
    core: new ClusterCore(driver, actors.map((a) => a.name)),
    actors,
    seen,
    async close() {
      driver.close();
      for (const a of actors) a.stop();
      await Promise.all(ts.map((t) => t.close()));
    },
  };
}

describe('faults/broker faults: nats-server restarted or the link cut mid-run, same answer, nothing applied twice', function () {
  this.timeout(60_000);
  let want: number[];
  let server: NatsServer;
  before(async () => {
    const sim = simCluster(2);
    want = await chain(sim.core);
    await sim.close();
  });
  beforeEach(async () => {
    server = await startNatsServer();
  });
  afterEach(() => server.stop());

  it('completes with the same numbers when nats-server is killed and restarted on its port mid-run', async () => {
    const c = await natsCluster(server.url, server.url);
    try {
      const got = await chain(c.core, async () => {
        await server.kill();
        await server.restart();
      });
      expect(got).to.deep.equal(want);
      expect(c.seen.reconnects, 'the driver reconnected').to.be.above(0);
      const handled = c.actors.reduce((n, a) => n + a.stats.handled, 0);
      // scatter 2×4 puts, STEPS×2 in-place ops on 2 actors, norm, dot, 4 gets
      expect(handled).to.equal(8 + STEPS * 2 * 2 + 2 + 2 + 4);
    } finally {
      await c.close();
    }
  });

  it("completes with the same numbers when the driver's connection is cut mid-run; every command applied exactly once", async () => {
    const proxy: CutProxy = await startCutProxy(server.port);
    const c = await natsCluster(server.url, proxy.url);
    try {
      const got = await chain(c.core, async () => {
        await new Promise((r) => setImmediate(r));
        proxy.cut();
      });
      expect(proxy.cuts).to.be.above(0);
      expect(got).to.deep.equal(want);
      expect(c.seen.reconnects, 'the driver reconnected').to.be.above(0);
      const handled = c.actors.reduce((n, a) => n + a.stats.handled, 0);
      expect(handled).to.equal(8 + STEPS * 2 * 2 + 2 + 2 + 4);
    } finally {
      await c.close();
      await proxy.close();
    }
  });
});
