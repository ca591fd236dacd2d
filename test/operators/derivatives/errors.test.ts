import { expect } from 'chai';
import {
  FirstDerivative,
  FirstDirectionalDerivative,
  Gradient,
  InvalidParameterError,
  Laplacian,
  SecondDerivative,
  ShapeMismatchError,
  fromSpec,
  localWindow,
} from '../../../operators/index.ts';

/** Runs `build` and returns what it throws (failing the test if nothing is thrown). */
function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (e) {
    return e;
  }
  expect.fail('expected an error');
}

const BAD_PARAMS: { what: string; build: () => unknown; operator: string; parameter: string; value: unknown }[] = [
  { what: 'an unknown kind', build: () => new FirstDerivative({ dims: 5, kind: 'upwind' as never }), operator: 'FirstDerivative', parameter: 'kind', value: 'upwind' },
  { what: 'an axis out of range', build: () => new SecondDerivative({ dims: [3, 4], axis: 2 }), operator: 'SecondDerivative', parameter: 'axis', value: 2 },
  { what: 'a negative axis out of range', build: () => new FirstDerivative({ dims: [3, 4], axis: -3 }), operator: 'FirstDerivative', parameter: 'axis', value: -3 },
  { what: 'an order other than 3 or 5', build: () => new FirstDerivative({ dims: 8, order: 4 as never }), operator: 'FirstDerivative', parameter: 'order', value: 4 },
  { what: 'empty dims', build: () => new FirstDerivative({ dims: [] }), operator: 'FirstDerivative', parameter: 'dims', value: [] },
  { what: 'a zero sampling', build: () => new SecondDerivative({ dims: 5, sampling: 0 }), operator: 'SecondDerivative', parameter: 'sampling', value: 0 },
  { what: 'an axis too short for the edge stencil', build: () => new SecondDerivative({ dims: [2, 5], axis: 0, edge: true }), operator: 'SecondDerivative', parameter: 'dims', value: [2, 5] },
  { what: 'weights shorter than axes in a Laplacian', build: () => new Laplacian({ dims: [3, 4, 5], axes: [0, 1, 2] }), operator: 'Laplacian', parameter: 'weights', value: undefined },
  { what: 'sampling longer than axes in a Laplacian', build: () => new Laplacian({ dims: [3, 4], axes: [0, 1], weights: [1, 1], sampling: [1, 1, 1] }), operator: 'Laplacian', parameter: 'sampling', value: [1, 1, 1] },
  { what: 'an axis out of range in a Laplacian', build: () => new Laplacian({ dims: [6] }), operator: 'Laplacian', parameter: 'axes[0]', value: -2 },
  { what: 'a per-axis sampling of the wrong length in a Gradient', build: () => new Gradient({ dims: [3, 4], sampling: [1, 2, 3] }), operator: 'Gradient', parameter: 'sampling', value: [1, 2, 3] },
  { what: 'a direction of the wrong length', build: () => new FirstDirectionalDerivative({ dims: [3, 4], v: [1, 0, 0] }), operator: 'FirstDirectionalDerivative', parameter: 'v', value: [1, 0, 0] },
  { what: 'a direction field of the wrong shape', build: () => new FirstDirectionalDerivative({ dims: [3, 4], v: { shape: [2, 4, 3], data: new Array(24).fill(0) } }), operator: 'FirstDirectionalDerivative', parameter: 'v', value: { shape: [2, 4, 3] } },
  { what: 'an unknown kind through fromSpec', build: () => fromSpec({ op: 'Laplacian', params: { dims: [3, 4], kind: 'sideways' } }), operator: 'Laplacian', parameter: 'kind', value: 'sideways' },
];

describe('derivative operators reject bad input with typed errors', () => {
  for (const c of BAD_PARAMS) {
    it(`throws InvalidParameterError naming the parameter for ${c.what}`, () => {
      const e = thrown(c.build);
      expect(e).to.be.instanceOf(InvalidParameterError);
      expect(e).to.include({ operator: c.operator, parameter: c.parameter });
      expect((e as InvalidParameterError).value).to.deep.equal(c.value);
    });
  }

  const OPS = [
    () => new FirstDerivative({ dims: [3, 4], axis: 0 }),
    () => new SecondDerivative({ dims: [3, 4] }),
    () => new Laplacian({ dims: [3, 4] }),
    () => new Gradient({ dims: [3, 4] }),
    () => new FirstDirectionalDerivative({ dims: [3, 4], v: [0.6, 0.8] }),
  ];
  for (const make of OPS) {
    const op = make();
    it(`throws ShapeMismatchError with the expected and received shapes for a wrong-size input to ${op.name}`, () => {
      const e = thrown(() => op.matvec(new Float64Array(11)));
      expect(e).to.be.instanceOf(ShapeMismatchError);
      expect((e as ShapeMismatchError).expected).to.deep.equal(op.dims);
      expect((e as ShapeMismatchError).received).to.deep.equal([11]);
      const e2 = thrown(() => op.rmatvec(new Float64Array(5)));
      expect(e2).to.be.instanceOf(ShapeMismatchError);
      expect((e2 as ShapeMismatchError).expected).to.deep.equal(op.dimsd);
    });
  }

  it('throws ShapeMismatchError when a kernel gets a window for another axis length or a wrong block', () => {
    const k = new FirstDerivative({ dims: 8 }).axisKernels()[0].kernel;
    const e = thrown(() => k.forward(new Float64Array(9), new Float64Array(9), localWindow([9], 0)));
    expect(e).to.be.instanceOf(ShapeMismatchError);
    expect(e).to.deep.include({ expected: [8], received: [9] });
    const e2 = thrown(() => k.adjoint(new Float64Array(7), new Float64Array(8), localWindow([8], 0)));
    expect(e2).to.be.instanceOf(ShapeMismatchError);
    expect(e2).to.deep.include({ expected: [1, 8, 1], received: [7] });
  });
});
