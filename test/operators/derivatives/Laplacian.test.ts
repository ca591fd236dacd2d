import { expect } from 'chai';
import { Laplacian, SecondDerivative, dottest, localWindow } from '../../../operators/index.ts';
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

  const apply = (op: SecondDerivative, x: Float64Array | Float32Array, adjoint: boolean) => (adjoint ? op.rmatvec(x) : op.matvec(x));
  const BIT_CASES = [
    { dims: [301, 70], weights: [3, 0.7], sampling: [0.5, 1.5] },
    { dims: [7, 5], weights: [1, 1], sampling: [1, 1] },
    { dims: [12, 9], weights: [-2, 1], sampling: [1, 0.3] },
    { dims: [3, 4], weights: [1, 2.5], sampling: [2, 1] },
  ];
  for (const c of BIT_CASES)
    for (const kind of ['centered', 'forward', 'backward'] as const)
      for (const edge of [false, true])
        it(`gives the bits of its axis terms combined left to right (fused 2-D pass and cache slabs), [${c.dims}], weights [${c.weights}], ${kind}${edge ? ' with edges' : ''}`, () => {
          const { dims, weights, sampling } = c;
          const L = new Laplacian({ dims, axes: [0, 1], weights, sampling, edge, kind });
          const x = randomInput(dims, 'float64', 4).map((v, i) => Math.PI * v * 2 ** (((i * 7) % 13) - 6)); // full mantissas, magnitudes apart: any change of order shows
          const [k0, k1] = L.axisKernels().map((t) => t.kernel);
          for (const adjoint of [false, true]) {
            // The order AxisTerm documents, on whole arrays: y = K_0 x; y = w_0 · y; y = y + w_1 · (K_1 x) in the kernel.
            const expected = new Float64Array(x.length);
            (adjoint ? k0.adjoint : k0.forward)(x, expected, localWindow(dims, 0));
            if (weights[0] !== 1) expected.forEach((v, i) => (expected[i] = weights[0] * v));
            (adjoint ? k1.adjointAdd : k1.forwardAdd)(x, expected, localWindow(dims, 1), weights[1]);
            // ... which is the weighted sum of the two second derivatives (up to the sign of zeros).
            const t0 = apply(new SecondDerivative({ dims, axis: 0, sampling: sampling[0], edge, kind }), x, adjoint);
            const t1 = apply(new SecondDerivative({ dims, axis: 1, sampling: sampling[1], edge }), x, adjoint);
            expect(maxRelDiff(expected, t0.map((v, i) => weights[0] * v + weights[1] * t1[i]))).to.equal(0);
            const got = (adjoint ? L.rmatvec(x) : L.matvec(x)) as Float64Array;
            expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer)), adjoint ? 'adjoint' : 'forward').to.equal(true);
          }
          expect(L.axisKernels().map((t) => [t.axis, t.weight, t.component])).to.deep.equal([[0, weights[0], 0], [1, weights[1], 0]]);
        });

  it('reports its spec with normalised axes', () => {
    expect(new Laplacian({ dims: [3, 4] }).toSpec()).to.deep.equal({
      op: 'Laplacian',
      params: { dims: [3, 4], axes: [0, 1], weights: [1, 1], sampling: [1, 1], edge: false, kind: 'centered', dtype: 'float64' },
    });
  });
});
