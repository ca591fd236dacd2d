import { expect } from 'chai';
import { SecondDerivative, dottest } from '../../../operators/index.ts';
import { applyAlong, maxRelDiff, secondMatrix, transpose } from './naive.ts';
import { DTYPES, EDGES, SHAPES, complexOf, norm, randomInput, tolOf } from './table.ts';

const KINDS = ['centered', 'forward', 'backward'] as const;

describe('SecondDerivative', () => {
  for (const { dims, axes } of SHAPES)
    for (const axis of axes)
      for (const kind of KINDS)
        for (const edge of EDGES)
          for (const dtype of DTYPES) {
            const what = `${kind}${edge ? ' with edges' : ''} along axis ${axis} of [${dims}] in ${dtype}`;
            const sampling = dtype === 'float32' ? 0.5 : 1.5;
            const D = () => new SecondDerivative({ dims, axis, kind, edge, sampling, dtype });

            it(`passes the dot test, ${what}`, () => {
              expect(dottest(D())).to.equal(true);
            });

            it(`equals the dense PyLops stencil forward and adjoint, ${what}`, () => {
              const a = norm(axis, dims.length);
              const A = secondMatrix(dims[a], kind, edge, sampling);
              const x = randomInput(dims, dtype, 2);
              const op = D();
              expect(maxRelDiff(op.matvec(x), applyAlong(A, dims, a, x, complexOf(dtype)))).to.be.at.most(tolOf(dtype));
              expect(maxRelDiff(op.rmatvec(x), applyAlong(transpose(A), dims, a, x, complexOf(dtype)))).to.be.at.most(tolOf(dtype));
            });
          }

  it('differentiates a parabola exactly wherever its stencil is defined', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i * i);
    expect(Array.from(new SecondDerivative({ dims: 10, edge: true }).matvec(x))).to.deep.equal(new Array(10).fill(2));
    expect(Array.from(new SecondDerivative({ dims: 10, kind: 'forward' }).matvec(x))).to.deep.equal([...new Array(8).fill(2), 0, 0]);
  });

  it('reports its spec', () => {
    expect(new SecondDerivative({ dims: 7, kind: 'forward', edge: true }).toSpec()).to.deep.equal({
      op: 'SecondDerivative',
      params: { dims: [7], axis: 0, sampling: 1, kind: 'forward', edge: true, dtype: 'float64' },
    });
  });
});
