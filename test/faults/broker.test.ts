import { expect } from 'chai';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { chain, natsCluster, STEPS } from './chains.ts';
import { simCluster } from './simCluster.ts';
import { type CutProxy, startCutProxy } from './proxy.ts';

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
