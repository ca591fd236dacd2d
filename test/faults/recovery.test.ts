/**
 * Automatic recovery (issue 7 item 1): a worker process SIGKILLed in the middle of a checkpointed
 * distributed cgls over a real nats-server; the supervisor re-places its slots (on the survivor, or on
 * the restarted worker when none survives), the solve resumes from its last checkpoint on the same
 * cluster and ends with the answer of an uninterrupted local run (1e-12). Plus the pure placement
 * policy and the burial of a dead incarnation's heartbeats.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, launchCluster, PartitionActor } from '../../actors/index.ts';
import { Driver } from '../../actors/Driver.ts';
import { homecoming, recoveredBlocks, replan, WorkersUnavailableError, type Recovery, supervisedSolve, Supervisor } from '../../actors/supervisor/index.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import { Membership, startHeartbeat } from '../../runtime/cluster/membership.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';
import { cgls } from '../../solvers/index.ts';
import '../../index.ts';

describe('faults/recovery: placement policy', () => {
  const table: { name: string; slots: string[]; alive: string[]; want: [number, string][] }[] = [
    { name: "a lost worker's slot goes to the survivor", slots: ['w0', 'w1'], alive: ['w0'], want: [[1, 'w0']] },
    { name: 'a spare (alive, holding nothing) is preferred', slots: ['w0', 'w1', 'w2'], alive: ['w0', 'w2', 'w9'], want: [[1, 'w9']] },
    { name: 'slots of one lost worker spread over the least loaded, nearest first', slots: ['w0', 'w1', 'w1', 'w2'], alive: ['w0', 'w2'], want: [[1, 'w0'], [2, 'w2']] },
    { name: 'nothing moves while nobody is alive', slots: ['w0', 'w1'], alive: [], want: [] },
    { name: 'nothing moves when every owner is alive', slots: ['w0', 'w1'], alive: ['w0', 'w1'], want: [] },
  ];
  for (const t of table) it(`replan: ${t.name}`, () => expect([...replan(t.slots, t.alive)]).to.deep.equal(t.want));

  it('homecoming gives slots back to their home workers once these are alive', () => {
    expect([...homecoming(['w0', 'w0', 'w0'], ['w0', 'w1', 'w2'], ['w0', 'w2'])]).to.deep.equal([[2, 'w2']]);
  });
});

describe('faults/recovery: membership buries a lost incarnation', () => {
  it('ignores late heartbeats of the dead epoch and admits a new one under the same name', async () => {
    const bus = new Bus();
    const [watch, beat] = [new InProcessBus(bus), new InProcessBus(bus)];
    const m = new Membership(watch, 'rc', { lostAfterMs: 60_000 });
    const joins: number[] = [];
    m.onJoin((hb) => joins.push(hb.epoch));
    const hb = (epoch: number) => startHeartbeat(beat, 'rc', { actor: 'w1', epoch, pid: 1, host: 'h' }, 60_000);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    hb(1)();
    await settle();
    m.markLost('w1');
    hb(1)(); // a heartbeat of the dead incarnation, late
    await settle();
    expect(m.get('w1'), 'the dead incarnation stays lost').to.equal(undefined);
    hb(2)();
    await settle();
    expect(m.get('w1')?.epoch).to.equal(2);
    expect(joins).to.deep.equal([1, 2]);
    m.close();
    await Promise.all([watch.close(), beat.close()]);
  });
});

/** Actors p0, p1 on an in-process bus with heartbeats, watched by a membership; `replace` restarts one under its name. */
async function heartbeatCluster() {
  const bus = new Bus();
  const transports: InProcessBus[] = [];
  const start = (actor: string) => {
    const t = new InProcessBus(bus);
    transports.push(t);
    return new PartitionActor({ transport: t, cluster: 'sv', actor, heartbeatMs: 50 });
  };
  const actors = new Map(['p0', 'p1'].map((a) => [a, start(a)]));
  const watch = new InProcessBus(bus);
  const membership = new Membership(watch, 'sv', { lostAfterMs: 60_000 });
  await membership.waitFor(2, 5000);
  const driver = new Driver(watch, 'sv', { timeout: 10_000 });
  for (const [a, pa] of actors) driver.epochs.set(a, pa.epoch);
  const cluster = new Cluster(driver, ['p0', 'p1'], 'simulation', async () => undefined, [], undefined, { membership });
  return {
    cluster,
    membership,
    /** Stops `actor` and starts a new incarnation under its name at once (before any loss is noticed). */
    replace(actor: string) {
      actors.get(actor)!.stop();
      actors.set(actor, start(actor));
    },
    async close() {
      membership.close();
      driver.close();
      for (const a of actors.values()) a.stop();
      await Promise.all([watch, ...transports].map((t) => t.close()));
    },
  };
}

describe('faults/recovery: supervisor on in-process actors with heartbeats', () => {
  it('gives up waiting for workers with WorkersUnavailableError naming the live ones', async () => {
    const h = await heartbeatCluster();
    const sup = new Supervisor(h.cluster);
    try {
      expect(sup.workers).to.deep.equal(['p0', 'p1']);
      const err = await sup.waitForWorkers(3, 200).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(WorkersUnavailableError);
      expect((err as WorkersUnavailableError).alive).to.deep.equal(['p0', 'p1']);
    } finally {
      sup.close();
      await h.close();
    }
  });

  it('treats a worker restarted under its name before it was found lost as a loss, and the solve resumes to the local answer (1e-12)', async () => {
    const shape = [40, 30];
    const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], dtype: 'float64' } });
    const y = NDArray.random(shape, 3);
    const params = { niter: 16, damp: 0.1, tol: 0 };
    const want = (await cgls(op, y.data, params)).x as FloatArray;
    const h = await heartbeatCluster();
    const sup = new Supervisor(h.cluster);
    const dir = await mkdtemp(join(tmpdir(), 'actorlops-recovery-sim-'));
    const epoch = h.cluster.driver.epochs.get('p1');
    let replaced = false;
    try {
      const res = await supervisedSolve(sup, {
        op,
        y,
        chunks: [[10, 10, 12, 8], [30]],
        checkpoint: { dir, every: 4 },
        run: (yd, o) => cgls(op, yd, { ...params, ...o }),
        callback: (_x, info) => {
          if (replaced || info.iteration !== 6) return;
          replaced = true;
          h.replace('p1');
        },
      });
      expect(replaced).to.equal(true);
      expect(res.attempts).to.deep.equal(['start', 4]);
      expect(relerr(res.x, want)).to.be.at.most(1e-12);
      expect(res.recoveries.map((r) => ({ actor: r.actor, epoch: r.epoch, slots: r.slots }))).to.deep.equal([{ actor: 'p1', epoch, slots: [{ slot: 1, to: 'p1' }] }]);
      expect(h.cluster.driver.epochs.get('p1')).to.equal(h.membership.get('p1')?.epoch).and.not.equal(epoch);
    } finally {
      sup.close();
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('faults/recovery: a worker SIGKILLed mid-solve over NATS', function () {
  this.timeout(60_000);
  const shape = [96, 64];
  const chunks = [[20, 28, 26, 22], [64]];
  const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } });
  const y = NDArray.random(shape, 21);
  const params = { niter: 24, damp: 0.05, tol: 0 };
  let want: FloatArray;
  let dir: string;
  before(async () => {
    want = (await cgls(op, y.data, params)).x as FloatArray;
    dir = await mkdtemp(join(tmpdir(), 'actorlops-recovery-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: { name: string; workers: number; kill: string; signal: 'SIGKILL' | 'SIGSTOP'; at: number; blocks: [number, string][] }[] = [
    {
      name: 'a SIGKILLed worker (process exit): its slot moves to the survivor; the restarted worker gets it back at rebalance',
      workers: 2, kill: 'w1', signal: 'SIGKILL', at: 12, blocks: [[2, 'w0'], [3, 'w0']],
    },
    {
      name: 'a SIGKILLed only worker: the slots wait for the restarted worker, which joins with a new epoch',
      workers: 1, kill: 'w0', signal: 'SIGKILL', at: 7, blocks: [[0, 'w0'], [1, 'w0'], [2, 'w0'], [3, 'w0']],
    },
    {
      name: 'a SIGSTOPped worker (hung: found by missed heartbeats): its slots move to the survivors',
      workers: 3, kill: 'w2', signal: 'SIGSTOP', at: 16, blocks: [[3, 'w1']],
    },
  ];
  for (const c of cases) {
    it(`${c.name}; the answer equals the uninterrupted run (1e-12)`, async () => {
      const cluster: Cluster = await launchCluster({ transport: 'nats', workers: c.workers });
      const sup = new Supervisor(cluster, { restart: true });
      const pid = cluster.describe().workers.find((w) => w.name === c.kill)!.pid!;
      try {
        const epoch = cluster.driver.epochs.get(c.kill);
        let killedAt = 0;
        const res = await supervisedSolve(sup, {
          op,
          y,
          chunks,
          checkpoint: { dir, every: 5 },
          run: (yd, o) => cgls(op, yd, { ...params, ...o }),
          callback: (_x, info) => {
            if (killedAt || info.iteration !== c.at) return;
            killedAt = Date.now();
            process.kill(pid, c.signal);
          },
        });
        expect(killedAt).to.be.above(0);
        expect(res.iterations).to.equal(params.niter);
        expect(res.attempts).to.deep.equal(['start', Math.floor(c.at / 5) * 5]);
        expect(relerr(res.x, want)).to.be.at.most(1e-12);
        expect(res.recoveries).to.have.length(1);
        const r: Recovery = res.recoveries[0];
        expect({ actor: r.actor, epoch: r.epoch, placementVersion: r.placementVersion }).to.deep.equal({ actor: c.kill, epoch, placementVersion: 1 });
        const blocks = recoveredBlocks(cluster.grid(shape, chunks), cluster.actors.length, r);
        expect(blocks.map((b) => [b.block, b.to])).to.deep.equal(c.blocks);
        console.log(`      ${c.signal} ${c.kill}: placed ${r.placedAt - killedAt} ms after the kill; ${JSON.stringify({ slots: r.slots, blocks, placementVersion: r.placementVersion })}`);

        if (c.signal === 'SIGSTOP') {
          process.kill(pid, 'SIGKILL'); // the hung process is buried; start a new one in its place
          while (alive(pid)) await new Promise((res) => setTimeout(res, 20));
          cluster.control!.restart!(c.kill);
        }
        await sup.waitForWorkers(c.workers);
        const fresh = cluster.driver.epochs.get(c.kill);
        expect(fresh, 'the new incarnation has a new epoch').to.not.equal(epoch);
        expect(cluster.control!.membership.get(c.kill)?.epoch).to.equal(fresh);
        sup.rebalance();
        expect(cluster.slotOwners).to.deep.equal(cluster.actors);
        const again = await supervisedSolve(sup, { op, y, chunks, checkpoint: { dir, every: 5 }, run: (yd, o) => cgls(op, yd, { ...params, ...o }) });
        expect(again.recoveries).to.deep.equal([]);
        expect(relerr(again.x, want)).to.be.at.most(1e-12);
      } finally {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
        sup.close();
        await cluster.close();
      }
    });
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function relerr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) ((num += (a[i] - b[i]) ** 2), (den += b[i] ** 2));
  return Math.sqrt(num / (den || 1));
}
