import { expect } from 'chai';
import { FirstDerivative, Gradient, dottest } from '../../../operators/index.ts';
import { applyAlong, firstMatrix, maxRelDiff, transpose } from './naive.ts';
import { DTYPES, complexOf, randomInput, tolOf } from './table.ts';

const CASES: { dims: number[]; sampling: number | number[] }[] = [
  { dims: [15], sampling: 1 },
  { dims: [11, 21], sampling: [0.5, 2] },
  { dims: [4, 5, 6], sampling: 1.5 },
  { dims: [4, 5, 6], sampling: [1, 2, 0.5] },
];

describe('Gradient', () => {
  for (const c of CASES)
    for (const kind of ['centered', 'forward', 'backward'] as const)
      for (const edge of [false, true])
        for (const dtype of DTYPES) {
          const what = `of [${c.dims}] with sampling ${JSON.stringify(c.sampling)}, ${kind}${edge ? ' with edges' : ''}, ${dtype}`;
          const G = () => new Gradient({ ...c, kind, edge, dtype });

          it(`passes the dot test, ${what}`, () => {
            expect(dottest(G())).to.equal(true);
          });

          it(`stacks the dense first derivatives along every axis, ${what}`, () => {
            const nd = c.dims.length;
            const s = (a: number) => (typeof c.sampling === 'number' ? c.sampling : c.sampling[a]);
            const mats = c.dims.map((n, a) => firstMatrix(n, kind, edge, 3, s(a)));
            const x = randomInput(c.dims, dtype, 5);
            const y = randomInput([nd, ...c.dims], dtype, 6);
            const fwd = new Float64Array(nd * x.length);
            const adj = new Float64Array(x.length);
            mats.forEach((A, a) => {
              fwd.set(applyAlong(A, c.dims, a, x, complexOf(dtype)), a * x.length);
              applyAlong(transpose(A), c.dims, a, y.subarray(a * x.length, (a + 1) * x.length), complexOf(dtype)).forEach((v, i) => (adj[i] += v));
            });
            const op = G();
            expect(op.dimsd).to.deep.equal([nd, ...c.dims]);
            expect(maxRelDiff(op.matvec(x), fwd)).to.be.at.most(tolOf(dtype));
            expect(maxRelDiff(op.rmatvec(y), adj)).to.be.at.most(tolOf(dtype));
          });
        }

  it('gives the bits of FirstDerivative along each axis in its slabs', () => {
    const dims = [40, 300];
    const x = randomInput(dims, 'float64', 7);
    const y = new Gradient({ dims, sampling: [2, 3], edge: true }).matvec(x);
    [0, 1].forEach((axis) => {
      expect(y.subarray(axis * x.length, (axis + 1) * x.length)).to.deep.equal(new FirstDerivative({ dims, axis, sampling: [2, 3][axis], edge: true }).matvec(x));
    });
  });
});
