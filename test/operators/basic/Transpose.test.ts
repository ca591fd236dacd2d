import { expect } from 'chai';
import { type DType, InvalidParameterError, NDArray, Transpose, dottest, fromSpec, prod } from '../../../index.ts';
import { pairs, randomData, ravel, unravel } from './fixtures.ts';

const cases: { dims: number[]; axes: number[]; dtype: DType }[] = [
  { dims: [6, 7], axes: [1, 0], dtype: 'float64' },
  { dims: [3, 4, 5], axes: [2, 0, 1], dtype: 'float64' },
  { dims: [3, 4, 5], axes: [1, 2, 0], dtype: 'float32' },
  { dims: [3, 4, 5], axes: [0, 2, 1], dtype: 'float64' },
  { dims: [3, 4, 5], axes: [0, 1, 2], dtype: 'float64' },
  { dims: [2, 3, 4, 2], axes: [3, 1, 0, 2], dtype: 'float64' },
  { dims: [3, 4, 2], axes: [2, 1, 0], dtype: 'complex128' },
  { dims: [3, 1, 2], axes: [-1, 0, 1], dtype: 'complex64' },
];

/** np.transpose(x, axes) by multi-indices: y[i_0, ..., i_{d-1}] = x[j] with j[axes[k]] = i_k. */
function npTranspose<T>(x: T[], dims: number[], axes: number[]): T[] {
  const dimsd = axes.map((a) => dims[a]);
  return x.map((_, k) => {
    const i = unravel(k, dimsd);
    const j = new Array<number>(dims.length);
    axes.forEach((a, kk) => (j[a] = i[kk]));
    return x[ravel(j, dims)];
  });
}

describe('Transpose', () => {
  for (const { dims, axes, dtype } of cases) {
    const label = `dims [${dims}] axes [${axes}] ${dtype}`;
    const cplx = dtype.startsWith('complex');
    const norm = axes.map((a) => (a + dims.length) % dims.length);
    const dimsd = norm.map((a) => dims[a]);
    const make = () => new Transpose({ dims, axes, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`equals np.transpose forward and its inverse in the adjoint for ${label}`, () => {
      const op = make();
      expect(op.dimsd).to.deep.equal(dimsd);
      const x = randomData(prod(dims), dtype, 3);
      const y = op.matvec(x);
      expect(pairs(y, cplx)).to.deep.equal(npTranspose(pairs(x, cplx), dims, norm));
      expect(op.rmatvec(y)).to.deep.equal(x);
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = make();
      const x = randomData(prod(dims), dtype, 5);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  it('returns an NDArray of shape dimsd for an NDArray input', () => {
    const x = NDArray.fromNested([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const y = new Transpose({ dims: [2, 3], axes: [1, 0] }).matvec(x);
    expect(y.toNested()).to.deep.equal([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  const bad: { what: string; axes: unknown }[] = [
    { what: 'a repeated axis', axes: [0, 0, 1] },
    { what: 'too few axes', axes: [1, 0] },
    { what: 'an axis out of range', axes: [0, 1, 3] },
    { what: 'an axis and its negative alias', axes: [2, -1, 0] },
    { what: 'a fractional axis', axes: [0, 1.5, 2] },
  ];
  for (const { what, axes } of bad) {
    it(`rejects ${what} with InvalidParameterError`, () => {
      expect(() => new Transpose({ dims: [2, 3, 4], axes: axes as number[] })).to.throw(InvalidParameterError);
    });
  }
});
