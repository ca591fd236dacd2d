import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../actors/Cluster.ts';
import type { StencilAxis } from '../../actors/ClusterCore.ts';
import { TrafficMeter } from '../../actors/ops/index.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { FirstDerivative, Laplacian } from '../../operators/index.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';

interface Case {
  name: string;
  chunks: number[];
  stencil: StencilAxis[];
  op: (dims: number[]) => LinearOperator;
  workers: Record<string, number[]>;
  /** Halo slabs of one apply, and those whose blocks sit on different workers. */
  slabs: number;
  crossing: number;
  /** Messages (one bundle per sending → receiving worker pair). */
  bundles: string[];
}

const dims = [48, 36];
// 3 workers; block b of B goes to worker floor(3b/B): contiguous runs in C order over the grid
const cases: Case[] = [
  {
    name: 'six row blocks, derivative along the rows: two neighbours share each worker',
    chunks: [6, 1], stencil: [{ axis: 0, halo: 1 }], op: (d) => new FirstDerivative({ dims: d, axis: 0 }),
    workers: { w0: [0, 1], w1: [2, 3], w2: [4, 5] }, slabs: 10, crossing: 4, bundles: ['w0>w1', 'w1>w0', 'w1>w2', 'w2>w1'],
  },
  {
    name: 'a 3x2 grid, derivative along the columns: every neighbour pair is on one worker',
    chunks: [3, 2], stencil: [{ axis: 1, halo: 1 }], op: (d) => new FirstDerivative({ dims: d, axis: 1 }),
    workers: { w0: [0, 1], w1: [2, 3], w2: [4, 5] }, slabs: 6, crossing: 0, bundles: [],
  },
  {
    name: 'a 3x2 grid, Laplacian: only the row neighbours cross',
    chunks: [3, 2], stencil: [{ axis: 0, halo: 1 }, { axis: 1, halo: 1 }], op: (d) => new Laplacian({ dims: d }),
    workers: { w0: [0, 1], w1: [2, 3], w2: [4, 5] }, slabs: 14, crossing: 8, bundles: ['w0>w1', 'w1>w0', 'w1>w2', 'w2>w1'],
  },
];

describe('multi-host: placement of blocks on workers and the halo messages that cross them', function () {
  this.timeout(30_000);
  let nc: NatsCluster;
  let c: Cluster;
  before(async () => {
    nc = await startNatsCluster();
    c = await launchCluster({ transport: 'nats', workers: 3, servers: nc.urls });
  });
  after(async () => {
    await c?.close();
    await nc?.stop();
  });

  for (const k of cases) {
    it(`describes ${k.name}`, () => {
      const d = c.describe({ shape: dims, chunks: k.chunks }, k.stencil).placement!;
      expect(d.workers).to.deep.equal(k.workers);
      expect(d.blocks.map((b) => b.worker)).to.deep.equal(d.blocks.map((b) => Object.keys(k.workers).find((w) => k.workers[w].includes(b.block))));
      expect([d.halo.slabs.length, d.halo.crossing]).to.deep.equal([k.slabs, k.crossing]);
      expect(d.halo.bundles.map((b) => `${b.from}>${b.to}`).sort()).to.deep.equal(k.bundles);
    });

    it(`sees on the wire exactly the crossing halo messages it describes, for ${k.name}`, async () => {
      const x = c.random(dims, { seed: 3, chunks: k.chunks });
      await x.ready;
      const meter = new TrafficMeter(c);
      const y = k.op(dims).matvec(x);
      await y.ready;
      await meter.settle(100);
      meter.close();
      expect(meter.messages).to.equal(c.describe(x, k.stencil).placement!.halo.bundles.length);
      await Promise.all([x.free(), y.free()]);
    });
  }

  it('lists the workers with their pid, host and the node each was given', () => {
    const d = c.describe();
    expect(d.mode).to.equal('local');
    expect(d.workers.map((w) => w.name)).to.deep.equal(['w0', 'w1', 'w2']);
    expect(d.workers.map((w) => w.servers)).to.deep.equal(nc.urls.map((u) => [u]));
    expect(d.workers.every((w) => Number.isInteger(w.pid) && typeof w.host === 'string')).to.equal(true);
  });
});
