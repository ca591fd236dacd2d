import { expect } from 'chai';
import { launchCluster, type Cluster } from '../../../actors/Cluster.ts';
import { StackedArray, StackedVectors } from '../../../actors/ops/index.ts';
import type { DistributedArray } from '../../../actors/DistributedArray.ts';
import type { LinearOperator } from '../../../operators/core/LinearOperator.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { HStack, Identity, Laplacian, VStack } from '../../../operators/index.ts';
import { cgls } from '../../../solvers/index.ts';

const dims = [24, 17];
const n = dims[0] * dims[1];
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) ((num += (a[i] - b[i]) ** 2), (den += b[i] ** 2));
  return Math.sqrt(num / den);
};

describe('actors/ops: solvers on stacked distributed arrays (StackedVectors)', () => {
  let c: Cluster;
  before(async () => {
    c = await launchCluster({ partitions: 3 });
  });
  after(() => c.close());

  const cases: { name: string; op: () => LinearOperator; y: (yl: NDArray) => StackedArray | DistributedArray }[] = [
    {
      name: 'cgls on VStack [I; 0.5 L] with a stacked y (the regularised problem, parts on different grids) matches the local cgls',
      op: () => new VStack({ ops: [new Identity({ N: dims }), new Laplacian({ dims }).scale(0.5)] }),
      y: (yl) => StackedArray.of([0, 1].map((i) => c.fromArray(new NDArray(yl.data.slice(i * n, (i + 1) * n), dims), { chunks: [i ? [9, 15] : [5, 19], 1] }))),
    },
    {
      name: 'cgls on HStack [L, I] (stacked model) with a plain y matches the local cgls',
      op: () => new HStack({ ops: [new Laplacian({ dims }), new Identity({ N: dims })] }),
      y: (yl) => c.fromArray(new NDArray(yl.data, dims), { chunks: [3, 1] }),
    },
  ];
  for (const k of cases) {
    it(k.name, async () => {
      const op = k.op();
      const yl = NDArray.random(op.dimsd, 9);
      const y = k.y(yl);
      const local = await cgls(op, yl.data, { niter: 12 });
      const res = await cgls(op, y, { niter: 12, space: StackedVectors.forOperator(c, op, { y }) as never });
      const x = await (res.x as unknown as StackedArray | DistributedArray).toArray();
      expect(x.data.length).to.equal(local.x.length);
      expect(relErr(x.data, local.x)).to.be.lessThan(1e-10);
    });
  }
});
