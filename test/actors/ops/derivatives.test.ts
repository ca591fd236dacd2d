import { expect } from 'chai';
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';
import '../../../actors/ops/index.ts';
import { compareDerivatives, derivativeCases } from '../../../examples/derivatives.ts';
import { dottestDistributed } from '../../../actors/ops/index.ts';

describe('actors/ops: the PyLops-distributed derivatives example', () => {
  let c: Cluster;
  before(async () => {
    c = await launchCluster({ partitions: 3 });
  });
  after(() => c.close());

  for (const k of derivativeCases()) {
    it(`passes the dot test for ${k.name}`, async () => {
      expect(await dottestDistributed(k.op, c, { chunks: k.chunks, chunksd: k.chunks })).to.be.at.most(1e-12);
    });
  }

  it('gives the local operator forward and adjoint exactly (max difference 0) on every case', async () => {
    const rows = await compareDerivatives(c);
    expect(rows.map((r) => r.name)).to.deep.equal(derivativeCases().map((k) => k.name));
    for (const r of rows) expect([r.name, r.forward, r.adjoint]).to.deep.equal([r.name, 0, 0]);
  });

  it('gives the centered difference ±0.5 beside the spike of the 100-sample case', async () => {
    const k = derivativeCases()[0];
    const y = await k.op.matvec(c.fromArray(k.x, { chunks: k.chunks })).toArray();
    expect([y.data[49], y.data[50], y.data[51]]).to.deep.equal([0.5, 0, -0.5]);
  });
});
