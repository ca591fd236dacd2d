import { expect } from 'chai';
import { DTypeError, MatrixMult, NDArray, Restriction, ShapeMismatchError } from '../../../index.ts';
import { randomMatrix } from './fixtures.ts';

describe('LinearOperator (core behaviour, through basic operators)', () => {
  const op = new Restriction({ dims: [4, 6], iava: [1, 3], axis: 1 }); // dims [4, 6] -> dimsd [4, 2]

  it('returns an NDArray of shape dimsd when matvec is given an NDArray', () => {
    const y = op.matvec(NDArray.random([4, 6], 1));
    expect(y).to.be.instanceOf(NDArray);
    expect(y.shape).to.deep.equal([4, 2]);
    expect(y.dtype).to.equal('float64');
  });

  it('returns an NDArray of shape dims when rmatvec is given an NDArray', () => {
    const x = op.rmatvec(NDArray.random([4, 2], 2));
    expect(x.shape).to.deep.equal([4, 6]);
    expect(x).to.be.instanceOf(NDArray);
  });

  it('returns a flat typed array for a flat typed array', () => {
    expect(op.matvec(new Float64Array(24))).to.be.instanceOf(Float64Array);
  });

  const wrongLengths: { what: string; v: Float64Array; adjoint: boolean; expected: number[] }[] = [
    { what: 'a too short model vector', v: new Float64Array(23), adjoint: false, expected: [4, 6] },
    { what: 'a too long data vector', v: new Float64Array(9), adjoint: true, expected: [4, 2] },
  ];
  for (const { what, v, adjoint, expected } of wrongLengths) {
    it(`throws ShapeMismatchError with the expected and received shapes for ${what}`, () => {
      const call = () => (adjoint ? op.rmatvec(v) : op.matvec(v));
      expect(call).to.throw(ShapeMismatchError);
      try {
        call();
      } catch (e) {
        expect((e as ShapeMismatchError).expected).to.deep.equal(expected);
        expect((e as ShapeMismatchError).received).to.deep.equal([v.length]);
      }
    });
  }

  const notTyped: { what: string; v: unknown }[] = [
    { what: 'a plain JS array', v: new Array(24).fill(0) },
    { what: 'an Int32Array', v: new Int32Array(24) },
    { what: 'undefined', v: undefined },
  ];
  for (const { what, v } of notTyped) {
    it(`throws DTypeError for ${what}`, () => {
      expect(() => op.matvec(v as Float64Array)).to.throw(DTypeError);
    });
  }

  it('promotes a real input of a complex operator to complex', () => {
    const M = new MatrixMult({ A: { shape: [2, 2], data: [1, 0, 0, 1, 0, 0, 1, 0] }, dtype: 'complex128' }); // [[1, i], [0, 1]]
    expect(Array.from(M.matvec(new Float64Array([1, 2])))).to.deep.equal([1, 2, 2, 0]);
  });

  it('describes itself with shape, class and dtype', () => {
    expect(String(randomMatrix(3, 4))).to.equal('<3x4 MatrixMult with dtype=float64>');
  });
});
