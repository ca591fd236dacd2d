import { expect } from 'chai';
import { type DType, InvalidParameterError, Roll, dottest, fromSpec, prod } from '../../../index.ts';
import { pairs, randomData, ravel, unravel } from './fixtures.ts';

const cases: { dims: number[]; axis?: number; shift?: number; dtype: DType }[] = [
  { dims: [10], shift: 3, dtype: 'float64' },
  { dims: [10], shift: -2, dtype: 'float64' },
  { dims: [10], shift: 13, dtype: 'float64' },
  { dims: [10], shift: -23, dtype: 'float32' },
  { dims: [10], dtype: 'float64' },
  { dims: [6, 7], axis: 0, shift: 1, dtype: 'float64' },
  { dims: [6, 7], axis: 1, shift: -4, dtype: 'complex128' },
  { dims: [3, 5, 4], axis: 1, shift: 2, dtype: 'complex64' },
  { dims: [3, 5, 4], axis: 2, shift: 0, dtype: 'float64' },
];

/** np.roll(x, shift, axis) by multi-indices: y[..., i, ...] = x[..., (i - shift) mod n, ...]. */
function npRoll<T>(x: T[], dims: number[], axis: number, shift: number): T[] {
  const n = dims[axis];
  return x.map((_, k) => {
    const idx = unravel(k, dims);
    idx[axis] = (((idx[axis] - shift) % n) + n) % n;
    return x[ravel(idx, dims)];
  });
}

describe('Roll', () => {
  for (const { dims, axis = -1, shift = 1, dtype } of cases) {
    const label = `dims [${dims}] axis ${axis} shift ${shift} ${dtype}`;
    const cplx = dtype.startsWith('complex');
    const ax = (axis + dims.length) % dims.length;
    const make = () => new Roll({ dims, axis, shift, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`equals np.roll forward and a roll by -shift in the adjoint for ${label}`, () => {
      const op = make();
      const x = randomData(prod(dims), dtype, 3);
      expect(pairs(op.matvec(x), cplx)).to.deep.equal(npRoll(pairs(x, cplx), dims, ax, shift));
      expect(pairs(op.rmatvec(x), cplx)).to.deep.equal(npRoll(pairs(x, cplx), dims, ax, -shift));
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = make();
      const x = randomData(prod(dims), dtype, 5);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  for (const params of [{ dims: [4], shift: 1.5 }, { dims: [4], axis: 1 }, { dims: [] }]) {
    it(`rejects ${JSON.stringify(params)} with InvalidParameterError`, () => {
      expect(() => new Roll(params as never)).to.throw(InvalidParameterError);
    });
  }
});
