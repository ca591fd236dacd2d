/**
 * The public API on distributed data: `cgls(Op, yDistributed)` keeps every vector in the actors (no
 * vector is gathered to or scattered from the driver while it runs: only scalars travel), and
 * `Op.div(yDistributed)` solves with cgls like the local `Op / y`.
 */
import { expect } from 'chai';
import { type Cluster, DistributedArray, launchCluster } from '../../../actors/index.ts';
import type { FloatArray } from '../../../operators/core/dtype.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import '../../../index.ts';
import { cgls, type SolverResult } from '../../../solvers/index.ts';
import { relerr } from './cases.ts';

describe('solvers on distributed data through the public API', function () {
  this.timeout(20_000);
  const shape = [30, 22];
  const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], dtype: 'float64' } });
  const y = NDArray.random(shape, 4);
  let cluster: Cluster;
  before(async () => (cluster = await launchCluster({ partitions: 2 })));
  after(() => cluster.close());

  it('runs cgls without moving a vector between the driver and the actors', async () => {
    const yd = cluster.fromArray(y, { chunks: [[9, 21], 2] });
    await yd.ready;
    const moved: string[] = [];
    const { gather, fromArray } = cluster; // prototype methods; the spies below shadow them on the instance
    cluster.gather = (x) => (moved.push('gather'), gather.call(cluster, x));
    cluster.fromArray = (nd, o) => (moved.push('scatter'), fromArray.call(cluster, nd, o));
    try {
      const res = await cgls(op, yd, { niter: 6, damp: 0.2, tol: 0 });
      expect(res.x).to.be.instanceOf(DistributedArray);
      expect(moved).to.deep.equal([]);
      await (res.x as DistributedArray).free();
    } finally {
      delete (cluster as Partial<Cluster>).gather;
      delete (cluster as Partial<Cluster>).fromArray;
    }
    await yd.free();
  });

  it('solves Op.div(yDistributed) like the local Op.div(y)', async () => {
    const yd = cluster.fromArray(y, { chunks: [3, 1] });
    const xd = ((await op.div(yd, { niter: 8 })) as SolverResult).x as DistributedArray;
    const xl = ((await op.div(y.data, { niter: 8 })) as SolverResult).x as FloatArray;
    expect(xd).to.be.instanceOf(DistributedArray);
    expect(relerr((await xd.toArray()).data, xl)).to.be.at.most(1e-12);
    await Promise.all([xd.free(), yd.free()]);
  });
});
