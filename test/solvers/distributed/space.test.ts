/**
 * DistributedVectors itself: its operations equal LocalVectors' (bit for bit on one block, to rounding
 * on several) for real and complex vectors; a command re-issued with the same key is applied once, also
 * by another space instance on the same arrays (the key reaches the actors qualified by the array ids),
 * while the same key on other arrays is a different command; bad input gives typed errors.
 */
import { expect } from 'chai';
import { type Cluster, type DistributedArray, DistributedVectors, launchCluster } from '../../../actors/index.ts';
import type { DType } from '../../../operators/core/dtype.ts';
import { InvalidParameterError } from '../../../operators/core/errors.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import { LocalVectors } from '../../../solvers/index.ts';
import { relerr } from './cases.ts';

const SHAPE = [12, 10];
const N = SHAPE[0] * SHAPE[1];

describe('DistributedVectors', function () {
  this.timeout(20_000);
  let cluster: Cluster;
  before(async () => (cluster = await launchCluster({ partitions: 3 })));
  after(() => cluster.close());

  const table: { dtype: DType; chunks: 1 | number[][]; exact: boolean }[] = [
    { dtype: 'float64', chunks: 1, exact: true },
    { dtype: 'float64', chunks: [[2, 7, 3], [4, 6]], exact: false },
    { dtype: 'complex128', chunks: 1, exact: true },
    { dtype: 'complex128', chunks: [[5, 7], [1, 9]], exact: false },
  ];
  for (const t of table) {
    it(`gives LocalVectors' dot, norms and soft threshold for ${t.dtype} on ${t.exact ? 'one block' : 'uneven blocks'}`, async () => {
      const op = fromSpec({ op: 'Laplacian', params: { dims: SHAPE, axes: [0, 1], dtype: t.dtype } });
      const a = NDArray.random(SHAPE, 1, t.dtype).data;
      const b = NDArray.random(SHAPE, 2, t.dtype).data;
      const local = LocalVectors.forOperator(op);
      const dist = DistributedVectors.forOperator(cluster, op, { chunks: { data: t.chunks } });
      const [la, lb] = [await local.fromLocal(a, 'data', 'a'), await local.fromLocal(b, 'data', 'b')];
      const [da, db] = [await dist.fromLocal(a, 'data', 'a'), await dist.fromLocal(b, 'data', 'b')];
      const got = [await dist.dot(da, db, 'd'), await dist.norm(da, 'n2'), await dist.norm(da, 'n1', 1)];
      const want = [await local.dot(la, lb, 'd'), await local.norm(la, 'n2'), await local.norm(la, 'n1', 1)];
      await Promise.all([local.map('soft', la, 0.4, 'm'), dist.map('soft', da, 0.4, 'm')]);
      const thresholded = await dist.toLocal(da);
      if (t.exact) {
        expect(got).to.deep.equal(want);
        expect(Array.from(thresholded)).to.deep.equal(Array.from(la));
      } else {
        const flat = (v: unknown[]) => v.flatMap((x) => (typeof x === 'number' ? [x] : [(x as { re: number }).re, (x as { im: number }).im]));
        expect(relerr(flat(got), flat(want))).to.be.at.most(1e-14);
        expect(Array.from(thresholded)).to.deep.equal(Array.from(la)); // elementwise: no reduction order
      }
      await Promise.all([da.free(), db.free()]);
    });
  }

  describe('idempotency keys', () => {
    const op = fromSpec({ op: 'Laplacian', params: { dims: SHAPE, axes: [0, 1], dtype: 'float64' } });
    const ones = new Float64Array(N).fill(1);
    const sum = async (v: DistributedArray) => Array.from((await v.toArray()).data).reduce((s, x) => s + x, 0);

    it('applies an axpby re-issued with the same key once and answers it with the first result', async () => {
      const space = DistributedVectors.forOperator(cluster, op, { chunks: { data: [[3, 9], 2] } });
      const [x, y] = [await space.fromLocal(ones, 'data', 'k/x'), await space.fromLocal(ones, 'data', 'k/y')];
      await space.axpby(2, x, 1, y, 'run/1/update#0');
      await space.axpby(2, x, 1, y, 'run/1/update#0');
      expect(await sum(y)).to.equal(3 * N);
      await Promise.all([x.free(), y.free()]);
    });

    it('returns the first handle for a re-issued apply, copy and zeros', async () => {
      const space = DistributedVectors.forOperator(cluster, op);
      const x = await space.fromLocal(ones, 'model', 'h/x');
      const [q1, q2] = [await space.apply(op, x, false, 'h/apply'), await space.apply(op, x, false, 'h/apply')];
      const [c1, c2] = [await space.copy(x, 'h/copy'), await space.copy(x, 'h/copy')];
      const [z1, z2] = [await space.zeros('data', 'h/zeros'), await space.zeros('data', 'h/zeros')];
      expect(q2).to.equal(q1);
      expect(c2).to.equal(c1);
      expect(z2).to.equal(z1);
      await Promise.all([x, q1, c1, z1].map((v) => v.free()));
    });

    it('lets the actors drop a replay by another space on the same arrays, but not the same key on other arrays', async () => {
      const first = DistributedVectors.forOperator(cluster, op, { chunks: { data: [[3, 9], 2] } });
      const second = DistributedVectors.forOperator(cluster, op, { chunks: { data: [[3, 9], 2] } }); // a restarted driver: empty memo
      const [x, y, z] = await Promise.all(['x', 'y', 'z'].map((n) => first.fromLocal(ones, 'data', `r/${n}`)));
      await first.scale(5, y, 'run/3/apply#2');
      await second.scale(5, y, 'run/3/apply#2'); // same command, same array: the actors answer from their cache
      const resumed = DistributedVectors.forOperator(cluster, op, { chunks: { data: [[3, 9], 2] } });
      await resumed.scale(5, z, 'run/3/apply#2'); // same key on reloaded vectors (a resumed run): another command
      expect([await sum(y), await sum(z)]).to.deep.equal([5 * N, 5 * N]);
      await Promise.all([x, y, z].map((v) => v.free()));
    });
  });

  describe('typed errors', () => {
    const op = fromSpec({ op: 'Laplacian', params: { dims: SHAPE, axes: [0, 1], dtype: 'float64' } });
    const rejects = async (p: Promise<unknown>, argument: string) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).to.be.instanceOf(InvalidParameterError);
      expect((e as InvalidParameterError).parameter).to.equal(argument);
    };

    it('rejects an unknown threshold kernel naming `kernel`', async () => {
      const space = DistributedVectors.forOperator(cluster, op);
      const x = await space.zeros('model', 'e/x');
      await rejects(space.map('cubic' as never, x, 1, 'e/map'), 'kernel');
      await x.free();
    });

    it('rejects local data of the wrong length naming `data.length`', async () => {
      await rejects(DistributedVectors.forOperator(cluster, op).fromLocal(new Float64Array(7), 'model', 'e/f'), 'data.length');
    });

    it('rejects a y whose shape is not the operator dimsd naming `y.shape`', () => {
      const y = cluster.zeros([3, 4]);
      expect(() => DistributedVectors.forOperator(cluster, op, { y })).to.throw(InvalidParameterError).with.property('parameter', 'y.shape');
      return y.free();
    });
  });
});
