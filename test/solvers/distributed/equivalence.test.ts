/**
 * Distributed equals local: every solver on operators with a distributed protocol, in simulation with
 * 1, 2 and 3 partitions and uneven chunks, gives the local iterates and cost history to rtol 1e-12.
 * On one block the run is bit-identical (same kernels, and the block reductions are the local ones);
 * with several blocks the reductions are summed block by block, so only their association differs.
 */
import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../../actors/index.ts';
import { cases, grids, relerr, runBoth } from './cases.ts';

describe('solvers on DistributedVectors in simulation', function () {
  this.timeout(30_000);
  for (const g of grids) {
    describe(`with ${g.partitions} partition(s)${g.partitions === 1 ? ' and one block' : ' and uneven blocks'}`, () => {
      let cluster: Cluster;
      before(async () => (cluster = await launchCluster({ partitions: g.partitions })));
      after(() => cluster.close());

      for (const c of cases) {
        it(`${c.name} equals the local run`, async () => {
          const { local, dist, xd, xl } = await runBoth(c, cluster, g.chunks(c.op().dimsd));
          expect(dist.iterations).to.equal(local.iterations);
          expect(dist.stop).to.equal(local.stop);
          expect(xd.length).to.equal(xl.length);
          if (g.partitions === 1) {
            expect(Array.from(xd)).to.deep.equal(Array.from(xl));
            expect(dist.cost).to.deep.equal(local.cost);
          } else {
            expect(relerr(xd, xl)).to.be.at.most(1e-12);
            expect(relerr(dist.cost, local.cost)).to.be.at.most(1e-12);
          }
        });
      }
    });
  }
});
