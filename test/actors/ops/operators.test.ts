import { expect } from 'chai';
import { dottestDistributed } from '../../../actors/ops/index.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { Clusters, DIMS, grids, operators, sameBits, side, sideChunks } from './cases.ts';

describe('actors/ops: distributed operators equal the local ones bit for bit (simulation)', () => {
  const clusters = new Clusters();
  after(() => clusters.close());

  for (const o of operators) {
    describe(o.name, () => {
      for (const g of grids) {
        it(`passes the dot test and gives the local bits forward and adjoint on ${g.name}`, async () => {
          const c = await clusters.get(g.partitions);
          const op = o.make();
          const chunks = sideChunks(op.dims, DIMS, g.chunks);
          const chunksd = sideChunks(op.dimsd, DIMS, g.chunks);
          await dottestDistributed(op, c, { chunks, chunksd, seed: 3 });
          const x = NDArray.random(op.dims, 11, side(op, op.modelComplex));
          const y = NDArray.random(op.dimsd, 12, side(op, op.dataComplex));
          const xd = c.fromArray(x, { chunks });
          const yd = c.fromArray(y, { chunks: chunksd });
          const fwd = op.matvec(xd);
          const adj = op.rmatvec(yd);
          const [f, a] = await Promise.all([fwd.toArray(), adj.toArray()]);
          const fl = op.matvec(x);
          const al = op.rmatvec(y);
          expect(f.shape).to.deep.equal([...op.dimsd]);
          expect(a.shape).to.deep.equal([...op.dims]);
          expect(sameBits(f.data, fl.data), 'forward bits').to.equal(true);
          expect(sameBits(a.data, al.data), 'adjoint bits').to.equal(true);
          await Promise.all([xd, yd, fwd, adj].map((v) => v.free()));
        });
      }
    });
  }
});
