/**
 * Solvers over NATS with 2 worker processes: cg and cgls equal the local run (rtol 1e-12) and give the
 * bits of the simulation with the same chunk grid (reductions are summed per block in block order, so
 * placement does not matter). A checkpointed cgls whose workers are SIGKILLed mid-way resumes from its
 * checkpoint in a fresh cluster with the answer of the uninterrupted run.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, DistributedArray, DistributedVectors, launchCluster } from '../../../actors/index.ts';
import type { FloatArray } from '../../../operators/core/dtype.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import { cgls, readCheckpoint, resume, type SolverResult } from '../../../solvers/index.ts';
import { cases, grids, relerr, runBoth } from './cases.ts';

const nats = (): Promise<Cluster> => launchCluster({ transport: 'nats', workers: 2 });
const gather = async (r: SolverResult) => (await (r.x as DistributedArray).toArray()).data;

describe('solvers on DistributedVectors over NATS with 2 worker processes', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let sim: Cluster;
  before(async () => ([cluster, sim] = await Promise.all([nats(), launchCluster({ partitions: 2 })])));
  after(() => Promise.all([cluster?.close(), sim?.close()]));

  const uneven = grids.find((g) => g.partitions === 2)!;
  for (const c of cases.filter((k) => k.name.startsWith('cg ') || k.name.startsWith('cgls '))) {
    it(`${c.name} equals the local run and the simulation's bits`, async () => {
      const chunks = uneven.chunks(c.op().dimsd);
      const [onNats, onSim] = [await runBoth(c, cluster, chunks), await runBoth(c, sim, chunks)];
      expect(onNats.dist.iterations).to.equal(onNats.local.iterations);
      expect(relerr(onNats.xd, onNats.xl)).to.be.at.most(1e-12);
      expect(relerr(onNats.dist.cost, onNats.local.cost)).to.be.at.most(1e-12);
      expect(Array.from(onNats.xd)).to.deep.equal(Array.from(onSim.xd));
      expect(onNats.dist.cost).to.deep.equal(onSim.dist.cost);
    });
  }
});

describe('a checkpointed distributed cgls whose workers are SIGKILLed', function () {
  this.timeout(60_000);
  const shape = [160, 120];
  const chunks = [[50, 110], [70, 50]];
  const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } });
  const y = NDArray.random(shape, 21);
  const opts = { niter: 24, damp: 0.05, tol: 0 };
  const space = (c: Cluster) => DistributedVectors.forOperator(c, op, { chunks: { model: chunks, data: chunks } });
  let dir: string;
  const open: Cluster[] = [];
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'actorlops-dist-ckpt-'))));
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes in a fresh cluster with the answer of the uninterrupted run', async () => {
    const first = await nats();
    open.push(first);
    const pids = first.describe().workers.map((w) => w.pid!);
    expect(pids).to.have.length(2);
    let killedAt = -1;
    const killed = cgls(op, first.fromArray(y, { chunks }), {
      ...opts,
      checkpoint: { dir, every: 5 },
      callback: (_x, info) => {
        if (info.iteration !== 12) return;
        killedAt = info.iteration;
        for (const pid of pids) process.kill(pid, 'SIGKILL');
      },
    });
    const err = await killed.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, 'the run must fail once its workers are gone').to.be.instanceOf(Error);
    expect(killedAt).to.equal(12);
    expect((await readCheckpoint(dir)).iteration, 'the last checkpoint before the kill').to.equal(10);

    const fresh = await nats();
    open.push(fresh);
    const resumed = await resume(dir, { op, space: space(fresh) });
    const whole = await cgls(op, fresh.fromArray(y, { chunks }), opts);
    const local = await cgls(op, y.data, opts);
    const [xr, xw] = [await gather(resumed), await gather(whole)];
    expect(resumed.iterations).to.equal(opts.niter);
    expect(Array.from(xr)).to.deep.equal(Array.from(xw));
    expect(resumed.cost).to.deep.equal(whole.cost);
    expect(relerr(xr, local.x as FloatArray)).to.be.at.most(1e-12);
    expect(resumed.x).to.be.instanceOf(DistributedArray);
  });
});
