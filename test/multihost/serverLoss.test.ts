import { expect } from 'chai';
import { type Cluster, connectCluster, launchCluster } from '../../actors/Cluster.ts';
import { FailoverTransport } from '../../runtime/cluster/failover.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';

const STEPS = 60;
const KILL_AT = 20;

/**
 * A run of in-place updates (not idempotent: applying one twice changes every later number) with the
 * norm after each step; `onStep(i)` runs before step i.
 */
async function sequence(c: Cluster, onStep: (i: number) => Promise<void> = async () => {}): Promise<number[]> {
  const x = c.random([96, 40], { seed: 5, chunks: [3, 2] });
  const y = c.random([96, 40], { seed: 6, chunks: [3, 2] });
  const norms: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    void x.axpbyInPlace(0.25, y, 0.9);
    const norm = x.norm();
    await onStep(i); // while the step's commands are in flight
    norms.push(await norm);
  }
  norms.push(await x.dot(y));
  await Promise.all([x.free(), y.free()]);
  return norms;
}

describe('multi-host: losing one of three NATS servers mid-run', function () {
  this.timeout(40_000);
  let expected: number[];
  before(async () => {
    const sim = await launchCluster({ partitions: 3 });
    expected = await sequence(sim);
    await sim.close();
  });

  const cases: { name: string; driverNode: number }[] = [
    { name: 'the driver on a surviving node', driverNode: 0 },
    { name: 'the driver on the killed node too', driverNode: 1 },
  ];
  for (const { name, driverNode } of cases) {
    describe(`with ${name}`, () => {
      let nc: NatsCluster;
      let c: Cluster;
      before(async () => {
        nc = await startNatsCluster();
        // the driver is given one node only and learns the others from the cluster; worker k on node k
        c = await launchCluster({ transport: 'nats', workers: 3, servers: [nc.urls[driverNode]], attach: (k) => nc.urls[k] });
      });
      after(async () => {
        await c?.close();
        await nc?.stop();
      });

      it('finishes the sequence with the numbers of an undisturbed run after node 1 is SIGKILLed at step 20', async () => {
        const w1 = `actorlops-${c.name}-${c.actors[1]}`;
        expect(await nc.nodeOf(w1)).to.equal(1);
        const got = await sequence(c, async (i) => {
          if (i === KILL_AT) await nc.kill(1);
        });
        const failover = c.driver.transport;
        expect(failover).to.be.instanceOf(FailoverTransport);
        const { noResponders, resent } = (failover as FailoverTransport).stats;
        // on its own node the driver retries after its own reconnect; otherwise the failover layer must have
        if (driverNode !== 1) expect(noResponders + resent).to.be.greaterThan(0);
        expect(got).to.deep.equal(expected);
        expect([0, 2]).to.include(await nc.nodeOf(w1)); // the worker of node 1 moved to a survivor
      });

      it('lets the restarted node rejoin the routes and serve a new driver of the same run', async () => {
        await nc.restart(1);
        await nc.waitForRoutes();
        const late = await connectCluster({ servers: nc.urls[1], cluster: c.name, workers: 3, settleMs: 300 });
        try {
          expect(late.actors).to.deep.equal(c.actors);
          const sim = await launchCluster({ partitions: 3 });
          const want = await sim.random([30, 7], { seed: 9 }).norm();
          await sim.close();
          expect(await late.random([30, 7], { seed: 9 }).norm()).to.equal(want);
          expect(await c.random([30, 7], { seed: 9 }).norm()).to.equal(want); // the first driver still runs too
        } finally {
          await late.close();
        }
      });
    });
  }
});
