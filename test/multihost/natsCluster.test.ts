import { expect } from 'chai';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';
import { TransportError } from '../../runtime/transport/types.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Publishes on node `from`, resolves with what a subscriber on node `to` got. */
async function crossing(nc: NatsCluster, from: number, to: number, token?: string): Promise<string> {
  const [pub, sub] = await Promise.all([from, to].map((i) => NatsTransport.connect({ servers: nc.urls[i], token })));
  try {
    const got = new Promise<string>((resolve) => sub.subscribe('t.cross', (m) => resolve(new TextDecoder().decode(m.data))));
    await sub.flush();
    await new Promise((r) => setTimeout(r, 50)); // interest propagates over the route
    pub.publish('t.cross', new TextEncoder().encode(`${from}->${to}`));
    return await got;
  } finally {
    await Promise.all([pub.close(), sub.close()]);
  }
}

describe('runtime/testing: a NATS cluster of three routed nats-servers', function () {
  this.timeout(20_000);
  let nc: NatsCluster;
  before(async () => {
    nc = await startNatsCluster({ token: 'tok-123' });
  });
  after(() => nc.stop());

  it('puts each node on its own loopback address (or all on 127.0.0.1 when those cannot be bound) and its own port', () => {
    const hosts = nc.nodes.map((n) => n.host);
    expect(hosts).to.deep.equal(nc.distinctHosts ? ['127.0.0.11', '127.0.0.12', '127.0.0.13'] : ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(new Set(nc.urls).size).to.equal(3);
  });

  it('has every node routed to the two others', async () => {
    expect(await nc.routeCounts()).to.deep.equal([2, 2, 2]);
  });

  it('carries a message published on one node to a subscriber on another, for every pair', async () => {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) expect(await crossing(nc, a, b, 'tok-123')).to.equal(`${a}->${b}`);
  });

  it('refuses a client without the token', async () => {
    const err = await NatsTransport.connect({ servers: nc.urls[0], maxReconnectAttempts: 0 }).catch((e) => e);
    expect(err).to.be.instanceOf(TransportError);
  });

  it('kills a node by PID and routes it back in after a restart on the same address and port', async () => {
    const pid = nc.pids[1]!;
    const url = nc.urls[1];
    await nc.kill(1);
    expect(alive(pid)).to.equal(false);
    expect((await nc.routeCounts())[1]).to.equal(-1);
    await nc.restart(1);
    await nc.waitForRoutes();
    expect(nc.urls[1]).to.equal(url);
    expect(await nc.routeCounts()).to.deep.equal([2, 2, 2]);
    expect(await crossing(nc, 1, 2, 'tok-123')).to.equal('1->2');
  });

  it('leaves no nats-server process behind on stop', async () => {
    const own = await startNatsCluster({ size: 2 });
    const pids = own.pids as number[];
    expect(pids.every(alive)).to.equal(true);
    await own.stop();
    expect(pids.filter(alive)).to.deep.equal([]);
  });
});
