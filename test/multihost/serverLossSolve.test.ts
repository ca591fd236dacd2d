import { expect } from 'chai';
import { type Cluster, connectCluster, launchCluster } from '../../actors/Cluster.ts';
import type { DistributedArray } from '../../actors/DistributedArray.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { Laplacian } from '../../operators/index.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { cgls } from '../../solvers/index.ts';
import { relerr } from '../solvers/distributed/cases.ts';

const dims = [96, 64];
const NITER = 30;
const KILL_AT = 10;
const KILLED = 1;
const op = () => new Laplacian({ dims, weights: [1, 2] });
const y = NDArray.random(dims, 3);
const solve = { niter: NITER, damp: 0.1, tol: 0 };
/** 12 MiB scattered and gathered while the node dies: many 512 KiB chunks through it. */
const big = NDArray.random([1536, 1024], 8);

/**
 * A damped-Laplacian cgls on 3 workers attached to nodes 0, 1, 2 (chunks [3, 2]: halos cross workers
 * along both axes). At iteration KILL_AT the callback starts a gather of the iterate and a 12 MiB
 * scatter + gather, and node 1 is SIGKILLed right after; the solver goes on without waiting, so its
 * commands, halo bundles and reductions and those bulk chunks are in flight through the dying node. Node 1 comes back after the solve and serves
 * the same run again.
 */
describe('multi-host: losing one of three NATS servers in the middle of a distributed cgls', function () {
  this.timeout(60_000);
  let local: { x: FloatArray; cost: number[]; atKill: FloatArray };
  before(async () => {
    let atKill: FloatArray = new Float64Array(0);
    const r = await cgls(op(), y.data, { ...solve, callback: (x: FloatArray, info: { iteration: number }) => void (info.iteration === KILL_AT && (atKill = x.slice())) });
    local = { x: r.x as FloatArray, cost: r.cost, atKill };
  });

  const cases: { name: string; driverNode: number }[] = [
    { name: `node ${KILLED} while the driver is on node 0`, driverNode: 0 },
    { name: `node ${KILLED}, the driver's own node`, driverNode: KILLED },
  ];
  for (const { name, driverNode } of cases) {
    describe(`killing ${name}`, () => {
      let nc: NatsCluster;
      let c: Cluster;
      before(async () => {
        nc = await startNatsCluster();
        c = await launchCluster({ transport: 'nats', workers: 3, servers: [nc.urls[driverNode]], attach: (k) => nc.urls[k] });
      });
      after(async () => {
        await c?.close();
        await nc?.stop();
      });

      it(`finishes ${NITER} iterations with the uninterrupted local answer to 1e-12 after a SIGKILL at iteration ${KILL_AT}`, async () => {
        const victim = `actorlops-${c.name}-${c.actors[KILLED]}`;
        expect(await nc.nodeOf(victim)).to.equal(KILLED);
        let killed: Promise<void> | undefined;
        let bulk: Promise<NDArray[]> | undefined;
        const yd = c.fromArray(y, { chunks: [3, 2] });
        const dist = await cgls(op(), yd, {
          ...solve,
          callback: (x: DistributedArray, info: { iteration: number }) => {
            if (info.iteration !== KILL_AT) return;
            // not awaited: the solve goes on while these transfers and the kill happen
            bulk = Promise.all([x.toArray(), c.fromArray(big, { chunks: [3, 2] }).toArray()]);
            killed = new Promise((r) => setImmediate(r)).then(() => nc.kill(KILLED));
          },
        });
        expect(killed, 'the node was killed during the solve').to.not.equal(undefined);
        await killed;
        const [atKill, bigBack] = await bulk!;
        const x = (await (dist.x as DistributedArray).toArray()).data;
        expect(dist.iterations).to.equal(NITER);
        expect(relerr(atKill.data, local.atKill), 'the iterate gathered across the kill').to.be.at.most(1e-12);
        expect(relerr(bigBack.data, big.data), 'a large array scattered and gathered across the kill').to.equal(0);
        expect(relerr(x, local.x)).to.be.at.most(1e-12);
        expect(relerr(dist.cost, local.cost)).to.be.at.most(1e-12);
        expect([0, 2]).to.include(await nc.nodeOf(victim)); // the worker of the killed node moved to a survivor
      });

      it('lets the restarted node rejoin the routes and serve a new driver of the same run, no restart of the run', async () => {
        await nc.restart(KILLED);
        await nc.waitForRoutes();
        const late = await connectCluster({ servers: nc.urls[KILLED], cluster: c.name, workers: 3, settleMs: 300 });
        try {
          expect(late.actors).to.deep.equal(c.actors);
          const want = op().matvec(y).data;
          for (const d of [late, c]) {
            const got = await op().matvec(d.fromArray(y, { chunks: [3, 2] })).toArray();
            expect(relerr(got.data, want)).to.equal(0);
          }
        } finally {
          await late.close();
        }
      });
    });
  }
});
