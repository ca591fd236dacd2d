import { expect } from 'chai';
import { FirstDerivative, dottest } from '../../../operators/index.ts';
import { applyAlong, firstMatrix, maxRelDiff, transpose } from './naive.ts';
import { DTYPES, EDGES, SHAPES, complexOf, norm, randomInput, tolOf } from './table.ts';

const VARIANTS = [
  { kind: 'centered', order: 3 },
  { kind: 'centered', order: 5 },
  { kind: 'forward', order: 3 },
  { kind: 'backward', order: 3 },
] as const;

describe('FirstDerivative', () => {
  for (const { dims, axes } of SHAPES)
    for (const axis of axes)
      for (const { kind, order } of VARIANTS)
        for (const edge of EDGES)
          for (const dtype of DTYPES) {
            const what = `${kind} order ${order}${edge ? ' with edges' : ''} along axis ${axis} of [${dims}] in ${dtype}`;
            const sampling = dtype === 'float32' ? 0.25 : 1.5;
            const D = () => new FirstDerivative({ dims, axis, kind, order, edge, sampling, dtype });

            it(`passes the dot test, ${what}`, () => {
              expect(dottest(D())).to.equal(true);
            });

            it(`equals the dense PyLops stencil forward and adjoint, ${what}`, () => {
              const A = firstMatrix(dims[norm(axis, dims.length)], kind, edge, order, sampling);
              const x = randomInput(dims, dtype);
              const op = D();
              const y = op.matvec(x);
              expect(y).to.be.instanceOf(x.constructor as Float64ArrayConstructor);
              expect(maxRelDiff(y, applyAlong(A, dims, norm(axis, dims.length), x, complexOf(dtype)))).to.be.at.most(tolOf(dtype));
              expect(maxRelDiff(op.rmatvec(x), applyAlong(transpose(A), dims, norm(axis, dims.length), x, complexOf(dtype)))).to.be.at.most(tolOf(dtype));
            });
          }

  it('differentiates a linear ramp exactly in the interior and at edges', () => {
    const x = Float64Array.from({ length: 20 }, (_, i) => 3 * i);
    for (const order of [3, 5] as const) {
      expect(Array.from(new FirstDerivative({ dims: 20, order, edge: true, sampling: 0.5 }).matvec(x))).to.deep.equal(new Array(20).fill(6));
    }
  });

  it('reports its spec and rebuilds an equal operator from it', () => {
    const D = new FirstDerivative({ dims: [4, 5], axis: -2, kind: 'backward', sampling: 2 });
    expect(D.toSpec()).to.deep.equal({ op: 'FirstDerivative', params: { dims: [4, 5], axis: 0, sampling: 2, kind: 'backward', edge: false, order: 3, dtype: 'float64' } });
    expect(D.axisKernels()).to.have.length(1);
    expect(D.axisKernels()[0]).to.include({ axis: 0, weight: 1, component: 0 });
  });
});
