/**
 * Soak: repeated in-place op chains over a real nats-server while the server is SIGKILLed and restarted
 * and the driver's link is cut, chains in simulation under seeded message faults, and supervised cgls
 * solves on 3 worker processes, one of which is SIGKILLed mid-solve (at a seeded iteration, before or
 * after the first checkpoint) and restarted by the supervisor. Every finished run must give the
 * fault-free numbers (cgls: the local run's, 1e-12). 20 s by default;
 * `SOAK_MS=120000 npx mocha test/faults/soak.test.ts` for the 2-minute version. The tallies are printed
 * (RELIABILITY.md quotes them).
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchCluster } from '../../actors/index.ts';
import { supervisedSolve, Supervisor } from '../../actors/supervisor/index.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import { cgls } from '../../solvers/index.ts';
import '../../index.ts';
import { FaultInjector } from '../../runtime/faults/injector.ts';
import { startNatsServer } from '../../runtime/testing/natsServer.ts';
import { chain, natsCluster } from './chains.ts';
import { startCutProxy } from './proxy.ts';
import { isTimeout, simCluster } from './simCluster.ts';

const SOAK_MS = Number(process.env.SOAK_MS ?? 20_000);
const KINDS = 4;

/** A Laplacian-regularised cgls over 3 worker processes; `solve(i)` kills worker i mod 3 at a seeded iteration. */
async function workerSoak() {
  const shape = [64, 48];
  const chunks = [[12, 20, 16, 16], [48]];
  const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } });
  const y = NDArray.random(shape, 5);
  const params = { niter: 20, damp: 0.05, tol: 0 };
  const want = (await cgls(op, y.data, params)).x as FloatArray;
  const cluster = await launchCluster({ transport: 'nats', workers: 3 });
  const sup = new Supervisor(cluster, { restart: true });
  const dir = await mkdtemp(join(tmpdir(), 'actorlops-soak-'));
  return {
    sup,
    async solve(i: number) {
      await sup.waitForWorkers(3); // the last victim's restart joined
      sup.rebalance();
      const victim = cluster.describe().workers[i % 3];
      const at = 2 + ((i * 7) % 17);
      let killed = false;
      const r = await supervisedSolve(sup, {
        op,
        y,
        chunks,
        checkpoint: { dir, every: 4 },
        run: (yd, o) => cgls(op, yd, { ...params, ...o }),
        callback: (_x, info) => {
          if (killed || info.iteration !== at) return;
          killed = true;
          process.kill(victim.pid!, 'SIGKILL');
        },
      });
      let num = 0;
      let den = 0;
      for (let k = 0; k < want.length; k++) ((num += (r.x[k] - want[k]) ** 2), (den += want[k] ** 2));
      return { wrong: !(Math.sqrt(num / den) <= 1e-12), killed, recoveries: r.recoveries.length, resumed: r.attempts.filter((a) => a !== 'start').length };
    },
    async close() {
      sup.close();
      await cluster.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('faults/soak', function () {
  this.timeout(SOAK_MS + 60_000);

  it(`runs op chains and supervised cgls solves for ${SOAK_MS / 1000} s under broker, message and worker faults with 0 wrong answers`, async () => {
    const sim = simCluster(2);
    const want = await chain(sim.core);
    await sim.close();
    const tally = { runs: 0, natsRuns: 0, simRuns: 0, serverRestarts: 0, linkCuts: 0, messageFaults: 0, timeouts: 0, wrong: 0, solves: 0, workerKills: 0, recoveries: 0, resumedFromCheckpoint: 0, workerRestarts: 0 };
    const server = await startNatsServer();
    const proxy = await startCutProxy(server.port);
    const workers = await workerSoak();
    const end = Date.now() + SOAK_MS;
    try {
      for (let i = 0; Date.now() < end; i++) {
        const kind = i % KINDS;
        let got: number[] | undefined;
        if (kind === 3) {
          const s = await workers.solve(i);
          tally.solves++;
          tally.workerKills += s.killed ? 1 : 0;
          tally.recoveries += s.recoveries;
          tally.resumedFromCheckpoint += s.resumed;
          if (s.wrong) tally.wrong++;
          continue;
        }
        if (kind < 2) {
          const c = await natsCluster(server.url, proxy.url);
          try {
            got = await chain(c.core, async () => {
              if (kind === 0) {
                await server.kill();
                await server.restart();
                tally.serverRestarts++;
              } else {
                proxy.cut();
                tally.linkCuts++;
              }
            });
            tally.natsRuns++;
          } finally {
            await c.close();
          }
        } else {
          const s = simCluster(2, { timeout: 2000, resendAfterMs: 40 });
          const inj = new FaultInjector({ seed: i, drop: 0.01, duplicate: 0.05, delay: 0.05, reorder: 0.05, maxDelayMs: 10 });
          const off = inj.install(s.bus);
          try {
            got = await chain(s.core);
            tally.simRuns++;
          } catch (e) {
            if (!isTimeout(e)) throw e;
            tally.timeouts++;
          } finally {
            off();
            await s.close();
            const n = inj.counts;
            tally.messageFaults += n.dropped + n.duplicated + n.delayed + n.reordered;
          }
        }
        if (got) {
          tally.runs++;
          if (JSON.stringify(got) !== JSON.stringify(want)) tally.wrong++;
        }
      }
    } finally {
      tally.workerRestarts = workers.sup.restarts;
      await workers.close();
      await proxy.close();
      await server.stop();
    }
    console.log(`soak ${SOAK_MS / 1000} s: ${JSON.stringify(tally)}`);
    expect(tally.wrong).to.equal(0);
    expect(tally.natsRuns).to.be.above(0);
    expect(tally.serverRestarts + tally.linkCuts).to.be.above(0);
    expect(tally.solves, 'supervised solves ran').to.be.above(0);
    expect(tally.recoveries, 'every killed worker was recovered from').to.equal(tally.workerKills);
  });
});
