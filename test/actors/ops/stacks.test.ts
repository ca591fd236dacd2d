import { expect } from 'chai';
import type { ChunksSpec } from '../../../actors/chunks.ts';
import { type Distributed, StackedArray, dottestDistributed, sideArray } from '../../../actors/ops/index.ts';
import type { ClusterCore } from '../../../actors/ClusterCore.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { Block, BlockDiag, Diagonal, FirstDerivative, HStack, Identity, Laplacian, SecondDerivative, VStack } from '../../../operators/index.ts';
import { Clusters, DIMS, grids, sameBits, side, sideChunks } from './cases.ts';

const spread = (n: number, seed: number) => Array.from(NDArray.random([n], seed).data);
const D0 = () => new FirstDerivative({ dims: DIMS, axis: 0, edge: true });
const D1 = () => new FirstDerivative({ dims: DIMS, axis: 1, order: 5 });
const L = () => new Laplacian({ dims: DIMS, weights: [3, 1] });

const stacks: { name: string; make(): LinearOperator }[] = [
  { name: 'VStack [D0; L] (stacked data)', make: () => new VStack({ ops: [D0(), L()] }) },
  { name: 'VStack [I; 0.5 L] (a regularised least-squares operator)', make: () => new VStack({ ops: [new Identity({ N: DIMS }), L().scale(0.5)] }) },
  { name: 'HStack [D1, Diagonal] (stacked model)', make: () => new HStack({ ops: [D1(), new Diagonal({ diag: spread(231, 3), dims: DIMS })] }) },
  { name: 'BlockDiag [L, D0, SecondDerivative]', make: () => new BlockDiag({ ops: [L(), D0(), new SecondDerivative({ dims: DIMS, axis: 1 })] }) },
  { name: 'Block [[D0, L], [I, D1]] (sums per row and per column)', make: () => new Block({ ops: [[D0(), L()], [new Identity({ N: DIMS }), D1()]] }) },
  { name: 'adjoint of a VStack (stacked model of the adjoint)', make: () => new VStack({ ops: [D0(), D1()] }).H },
  { name: 'sum of two VStacks, scaled (stacked arrays add and scale part by part)', make: () => new VStack({ ops: [D0(), L()] }).plus(new VStack({ ops: [D1(), new Identity({ N: DIMS })] })).scale(2) },
  { name: 'VStack of two BlockDiags (nested stacks on both sides)', make: () => new VStack({ ops: [new BlockDiag({ ops: [D0(), L()] }), new BlockDiag({ ops: [L(), D1()] })] }) },
];

/** The local flat vector `v` cut into the distributed parts of a side of `op` (nested for nested stacks). */
function distribute(c: ClusterCore, op: LinearOperator, s: 'model' | 'data', v: NDArray, chunks: (dims: readonly number[]) => ChunksSpec): Distributed {
  const width = v.data.length / v.size;
  let at = 0;
  return sideArray(op, s, (dims) => {
    const n = dims.reduce((a, b) => a * b, 1) * width;
    const part = new NDArray(v.data.slice(at, at + n), dims, v.dtype);
    at += n;
    return c.fromArray(part, { chunks: chunks(dims) });
  });
}

describe('actors/ops: VStack, HStack, BlockDiag and Block over distributed operands (simulation)', () => {
  const clusters = new Clusters();
  after(() => clusters.close());

  for (const o of stacks) {
    describe(o.name, () => {
      for (const g of grids) {
        it(`passes the dot test and gives the local bits forward and adjoint on ${g.name}`, async () => {
          const c = await clusters.get(g.partitions);
          const op = o.make();
          const chunks = (dims: readonly number[]) => sideChunks(dims, DIMS, g.chunks);
          await dottestDistributed(op, c, { chunks, chunksd: chunks, seed: 3 });
          const x = NDArray.random(op.dims, 11, side(op, op.modelComplex));
          const y = NDArray.random(op.dimsd, 12, side(op, op.dataComplex));
          const xd = distribute(c, op, 'model', x, chunks);
          const yd = distribute(c, op, 'data', y, chunks);
          const fwd = op.matvec(xd);
          const adj = op.rmatvec(yd);
          const [f, a] = await Promise.all([fwd.toArray(), adj.toArray()]);
          expect(f.shape).to.deep.equal([...op.dimsd]);
          expect(a.shape).to.deep.equal([...op.dims]);
          expect(sameBits(f.data, op.matvec(x).data), 'forward bits').to.equal(true);
          expect(sameBits(a.data, op.rmatvec(y).data), 'adjoint bits').to.equal(true);
          await Promise.all([xd, yd, fwd, adj].map((v) => v.free()));
        });
      }
    });
  }

  it('gives a VStack forward as a StackedArray whose parts are the blocks applied to x', async () => {
    const c = await clusters.get(2);
    const x = NDArray.random(DIMS, 4);
    const y = new VStack({ ops: [D0(), L()] }).matvec(c.fromArray(x, { chunks: [2, 1] }));
    expect(y).to.be.instanceOf(StackedArray);
    const parts = (y as unknown as StackedArray).parts;
    expect(parts.map((p) => [...p.shape])).to.deep.equal([DIMS, DIMS]);
    expect(sameBits((await parts[1].toArray()).data, L().matvec(x).data)).to.equal(true);
  });
});
