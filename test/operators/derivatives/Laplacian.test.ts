import { expect } from 'chai';
import { Laplacian, SecondDerivative, dottest } from '../../../operators/index.ts';
import { applyAlong, maxRelDiff, secondMatrix, transpose } from './naive.ts';
import { DTYPES, complexOf, norm, randomInput, tolOf } from './table.ts';

const CASES = [
  { dims: [11, 21], axes: [-2, -1], weights: [1, 1], sampling: [1, 1] },
  { dims: [11, 21], axes: [1, 0], weights: [2, 0.5], sampling: [0.5, 2] },
  { dims: [4, 5, 6], axes: [0, 1, 2], weights: [1, 2, 3], sampling: [1, 1.5, 0.5] },
  { dims: [4, 5, 6], axes: [-1], weights: [1.5], sampling: [2] },
  { dims: [9], axes: [0], weights: [3], sampling: [1] },
];

describe('Laplacian', () => {
  for (const c of CASES)
    for (const kind of ['centered', 'forward', 'backward'] as const)
      for (const edge of [false, true])
        for (const dtype of DTYPES) {
          const what = `axes [${c.axes}] weights [${c.weights}] of [${c.dims}], ${kind}${edge ? ' with edges' : ''}, ${dtype}`;
          const L = () => new Laplacian({ ...c, kind, edge, dtype });

          it(`passes the dot test, ${what}`, () => {
            expect(dottest(L())).to.equal(true);
          });

          it(`equals the weighted sum of dense second derivatives, kind on the first axis only, ${what}`, () => {
            const x = randomInput(c.dims, dtype, 3);
            const fwd = new Float64Array(x.length);
            const adj = new Float64Array(x.length);
            c.axes.forEach((axis, k) => {
              const a = norm(axis, c.dims.length);
              const A = secondMatrix(c.dims[a], k === 0 ? kind : 'centered', edge, c.sampling[k]);
              applyAlong(A, c.dims, a, x, complexOf(dtype)).forEach((v, i) => (fwd[i] += c.weights[k] * v));
              applyAlong(transpose(A), c.dims, a, x, complexOf(dtype)).forEach((v, i) => (adj[i] += c.weights[k] * v));
            });
            expect(maxRelDiff(L().matvec(x), fwd)).to.be.at.most(tolOf(dtype));
            expect(maxRelDiff(L().rmatvec(x), adj)).to.be.at.most(tolOf(dtype));
          });
        }

  it('gives the bits of its axis terms combined left to right, across many cache slabs', () => {
    const dims = [301, 70];
    const p = { dims, axes: [0, 1], weights: [3, 0.7], sampling: [0.5, 1.5], edge: true, kind: 'backward' as const };
    const L = new Laplacian(p);
    const x = randomInput(dims, 'float64', 4);
    const D0 = new SecondDerivative({ dims, axis: 0, sampling: 0.5, edge: true, kind: 'backward' });
    const D1 = new SecondDerivative({ dims, axis: 1, sampling: 1.5, edge: true });
    for (const adjoint of [false, true]) {
      const t0 = adjoint ? D0.rmatvec(x) : D0.matvec(x);
      const t1 = adjoint ? D1.rmatvec(x) : D1.matvec(x);
      const expected = t0.map((v, i) => 3 * v + 0.7 * t1[i]);
      expect(adjoint ? L.rmatvec(x) : L.matvec(x)).to.deep.equal(expected);
    }
    expect(L.axisKernels().map((t) => [t.axis, t.weight, t.component])).to.deep.equal([[0, 3, 0], [1, 0.7, 0]]);
  });

  it('reports its spec with normalised axes', () => {
    expect(new Laplacian({ dims: [3, 4] }).toSpec()).to.deep.equal({
      op: 'Laplacian',
      params: { dims: [3, 4], axes: [0, 1], weights: [1, 1], sampling: [1, 1], edge: false, kind: 'centered', dtype: 'float64' },
    });
  });
});
