/**
 * Soak: repeated in-place op chains over a real nats-server while the server is SIGKILLed and restarted
 * and the driver's link is cut, plus chains in simulation under seeded message faults. Every finished
 * run must give the fault-free numbers. 20 s by default; `SOAK_MS=120000 npx mocha test/faults/soak.test.ts`
 * for the 2-minute version. The tallies are printed (RELIABILITY.md quotes them).
 */
import { expect } from 'chai';
import { FaultInjector } from '../../runtime/faults/injector.ts';
import { startNatsServer } from '../../runtime/testing/natsServer.ts';
import { chain, natsCluster } from './chains.ts';
import { startCutProxy } from './proxy.ts';
import { isTimeout, simCluster } from './simCluster.ts';

const SOAK_MS = Number(process.env.SOAK_MS ?? 20_000);

describe('faults/soak', function () {
  this.timeout(SOAK_MS + 60_000);

  it(`runs op chains for ${SOAK_MS / 1000} s under broker and message faults with 0 wrong answers`, async () => {
    const sim = simCluster(2);
    const want = await chain(sim.core);
    await sim.close();
    const tally = { runs: 0, natsRuns: 0, simRuns: 0, serverRestarts: 0, linkCuts: 0, messageFaults: 0, timeouts: 0, wrong: 0 };
    const server = await startNatsServer();
    const proxy = await startCutProxy(server.port);
    const end = Date.now() + SOAK_MS;
    try {
      for (let i = 0; Date.now() < end; i++) {
        const kind = i % 3;
        let got: number[] | undefined;
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
      await proxy.close();
      await server.stop();
    }
    console.log(`soak ${SOAK_MS / 1000} s: ${JSON.stringify(tally)}`);
    expect(tally.wrong).to.equal(0);
    expect(tally.natsRuns).to.be.above(0);
    expect(tally.serverRestarts + tally.linkCuts).to.be.above(0);
  });
});
