import { expect } from 'chai';
import { InvalidParameterError, NDArray, ShapeMismatchError, allclose, relativeError } from '../../../index.ts';

describe('NDArray', () => {
  it('makes zeros and ones of every dtype with interleaved complex storage', () => {
    expect(NDArray.zeros([2, 3]).data).to.deep.equal(new Float64Array(6));
    expect(NDArray.ones([2], 'float32').data).to.deep.equal(Float32Array.from([1, 1]));
    expect(NDArray.ones([2], 'complex128').data).to.deep.equal(Float64Array.from([1, 0, 1, 0]));
    expect(NDArray.zeros([3], 'complex64').data).to.be.instanceOf(Float32Array).with.length(6);
  });

  it('draws the same seeded random numbers for the same seed and others for another', () => {
    const a = NDArray.random([4, 5], 7);
    expect(a.data).to.deep.equal(NDArray.random([4, 5], 7).data);
    expect(a.data).to.not.deep.equal(NDArray.random([4, 5], 8).data);
    expect(Math.max(...a.data)).to.be.below(1);
    expect(Math.min(...a.data)).to.be.at.least(-1);
  });

  it('round-trips nested arrays in C order', () => {
    const a = NDArray.fromNested([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).to.deep.equal([2, 3]);
    expect(a.get([1, 0])).to.equal(4);
    expect(a.toNested()).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
  });

  it('reshapes as a view sharing the data', () => {
    const a = NDArray.fromNested([[1, 2, 3], [4, 5, 6]]);
    const b = a.reshape([3, 2]);
    b.set([2, 1], 9);
    expect(a.get([1, 2])).to.equal(9);
  });

  it('rejects ragged nested arrays, bad shapes and mismatched data', () => {
    expect(() => NDArray.fromNested([[1, 2], [3]])).to.throw(InvalidParameterError);
    expect(() => NDArray.zeros([2, -1])).to.throw(InvalidParameterError);
    expect(() => new NDArray(new Float64Array(5), [2, 3])).to.throw(ShapeMismatchError);
    expect(() => NDArray.zeros([6]).reshape([4, 2])).to.throw(ShapeMismatchError);
  });

  it('compares with allclose and relativeError like numpy', () => {
    expect(allclose([1, 2], [1 + 1e-9, 2])).to.equal(true);
    expect(allclose([1, 2], [1.1, 2])).to.equal(false);
    expect(allclose([1, 2], [1, 2, 3])).to.equal(false);
    expect(relativeError([3, 4], [3, 4])).to.equal(0);
    expect(relativeError([0, 0], [3, 4])).to.equal(1);
  });
});
