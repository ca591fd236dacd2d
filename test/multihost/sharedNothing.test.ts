import { expect } from 'chai';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { Laplacian } from '../../operators/index.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { sameBits } from '../actors/ops/cases.ts';

describe('multi-host: shared-nothing workers get operator specs and data only by message', function () {
  this.timeout(30_000);
  let nc: NatsCluster;
  let c: Cluster;
  let homes: string[];
  before(async () => {
    nc = await startNatsCluster({ size: 2 });
    homes = await Promise.all([0, 1].map((k) => mkdtemp(join(tmpdir(), `actorlops-host${k}-`))));
    c = await launchCluster({ transport: 'nats', workers: 2, servers: nc.urls, spawn: { cwd: (k) => homes[k], env: (k) => ({ HOME: homes[k] }) } });
  });
  after(async () => {
    await c?.close();
    await nc?.stop();
    await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
  });

  it('runs each worker in its own empty working directory', async () => {
    const pids = c.describe().workers.map((w) => w.pid!);
    expect(await Promise.all(pids.map((p) => readlink(`/proc/${p}/cwd`)))).to.deep.equal(homes);
  });

  it('applies a Laplacian bit for bit as locally, and leaves the hosts\' folders empty', async () => {
    const dims = [40, 52];
    const op = new Laplacian({ dims, weights: [2, 1] });
    const x = NDArray.random(dims, 4);
    const y = await op.matvec(c.fromArray(x, { chunks: [2, 2] })).toArray();
    expect(sameBits(y.data, op.matvec(x).data)).to.equal(true);
    expect(await Promise.all(homes.map((h) => readdir(h)))).to.deep.equal([[], []]);
  });
});
