/**
 * Membership by heartbeat: a worker that stops heart-beating while its process stays alive (SIGSTOP)
 * is detected by missed heartbeats and the pending operation fails with WorkerLostError naming it; and
 * the bookkeeping on an in-process bus (lost, late beats of a buried incarnation, a new epoch).
 */
import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { WorkerLostError } from '../../runtime/cluster/errors.ts';
import { type Heartbeat, Membership } from '../../runtime/cluster/membership.ts';
import { hbSubject } from '../../runtime/cluster/subjects.ts';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';

const signal = (pid: number, s: NodeJS.Signals) => {
  try {
    process.kill(pid, s);
  } catch {
    /* already gone */
  }
};

describe('runtime/cluster membership: a stopped (not dead) worker', function () {
  this.timeout(60_000);
  let server: NatsServer;
  let c: Cluster;
  before(async () => {
    server = await startNatsServer();
  });
  after(() => server.stop());

  it('fails the pending operation with WorkerLostError (missed-heartbeats) naming a SIGSTOPped worker', async () => {
    c = await launchCluster({ transport: 'nats', workers: 2, servers: server.url, lostAfterMs: 1500 });
    const victim = c.actors[1]!;
    const pid = c.pids[1]!;
    try {
      const x = c.random([64, 64], { seed: 1, chunks: [2, 1] });
      await x.ready;
      signal(pid, 'SIGSTOP'); // alive and connected, but silent: no exit, no no-responders
      const err = await x.scale(2).norm().then(
        () => undefined,
        (e) => e,
      );
      expect(err).to.be.instanceOf(WorkerLostError);
      expect(err).to.include({ worker: victim, reason: 'missed-heartbeats' });
      const later = await x.norm().catch((e) => e);
      expect(later).to.be.instanceOf(WorkerLostError).with.property('worker', victim);
    } finally {
      signal(pid, 'SIGCONT');
      await c.close();
    }
  });
});

describe('runtime/cluster Membership on an in-process bus', function () {
  const enc = new TextEncoder();
  let bus: Bus;
  let t: InProcessBus;
  let m: Membership;
  const beat = (hb: Heartbeat) => t.publish(hbSubject('m', hb.actor), enc.encode(JSON.stringify(hb)));
  const hb = (actor: string, epoch: number): Heartbeat => ({ actor, epoch, pid: 1, host: 'h' });
  beforeEach(() => {
    bus = new Bus();
    t = new InProcessBus(bus);
    m = new Membership(t, 'm', { lostAfterMs: 60, checkMs: 10 });
  });
  afterEach(async () => {
    m.close();
    await t.close();
  });

  it('reports an actor lost once its heartbeats stop, while the one still beating stays', async () => {
    const lost = new Promise<string>((resolve) => m.onLost(resolve));
    beat(hb('a', 1));
    beat(hb('b', 1));
    await m.waitFor(2, 5000);
    const keep = setInterval(() => beat(hb('b', 1)), 10);
    try {
      expect(await lost).to.equal('a');
      expect(m.alive().map((x) => x.actor)).to.deep.equal(['b']);
    } finally {
      clearInterval(keep);
    }
  });

  it('ignores a late heartbeat of a buried incarnation and admits the same name with a new epoch', async () => {
    beat(hb('a', 1));
    await m.waitFor(1, 5000);
    m.markLost('a');
    beat(hb('a', 1));
    const joined = new Promise<Heartbeat>((resolve) => m.onJoin(resolve));
    beat(hb('a', 2));
    expect(await joined).to.include({ actor: 'a', epoch: 2 });
    expect(m.alive()).to.have.length(1);
    expect(m.get('a')).to.include({ epoch: 2 });
  });
});
