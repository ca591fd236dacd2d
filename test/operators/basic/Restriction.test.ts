import { expect } from 'chai';
import { type DType, InvalidParameterError, Restriction, dottest, fromSpec, prod } from '../../../index.ts';
import { pairs, randomData, ravel, unravel } from './fixtures.ts';

const cases: { dims: number[]; iava: number[]; axis?: number; dtype: DType }[] = [
  { dims: [20], iava: [1, 4, 5, 9, 17], dtype: 'float64' },
  { dims: [10, 6], iava: [0, 3, 7, 9], axis: 0, dtype: 'float64' },
  { dims: [6, 10], iava: [2, 3, 8], axis: 1, dtype: 'float64' },
  { dims: [4, 8, 3], iava: [1, 2, 6], axis: 1, dtype: 'complex128' },
  { dims: [4, 8, 3], iava: [0, 2], axis: -1, dtype: 'float32' },
  { dims: [5, 4], iava: [4], axis: -2, dtype: 'complex64' },
];

describe('Restriction', () => {
  for (const { dims, iava, axis = -1, dtype } of cases) {
    const label = `dims [${dims}] axis ${axis} iava [${iava}] ${dtype}`;
    const cplx = dtype.startsWith('complex');
    const ax = (axis + dims.length) % dims.length;
    const dimsd = dims.map((d, a) => (a === ax ? iava.length : d));
    const make = () => new Restriction({ dims, iava, axis, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`picks iava along the axis and scatters back with zeros elsewhere for ${label}`, () => {
      const op = make();
      expect(op.dimsd).to.deep.equal(dimsd);
      const x = pairs(randomData(prod(dims), dtype, 3), cplx);
      const y = randomData(prod(dimsd), dtype, 4);
      const expected = Array.from({ length: prod(dimsd) }, (_, k) => {
        const idx = unravel(k, dimsd);
        idx[ax] = iava[idx[ax]];
        return x[ravel(idx, dims)];
      });
      const got = pairs(op.matvec(randomData(prod(dims), dtype, 3)), cplx);
      expect(got).to.deep.equal(expected);
      const back = pairs(op.rmatvec(y), cplx);
      const yp = pairs(y, cplx);
      back.forEach((v, k) => {
        const idx = unravel(k, dims);
        const at = iava.indexOf(idx[ax]);
        idx[ax] = at;
        expect(v).to.deep.equal(at < 0 ? [0, 0] : yp[ravel(idx, dimsd)]);
      });
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = make();
      const x = randomData(prod(dims), dtype, 5);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  it('sums repeated indices in the adjoint, so it stays the exact transpose', () => {
    const op = new Restriction({ dims: 4, iava: [2, 2] });
    expect(Array.from(op.rmatvec(new Float64Array([1, 3])))).to.deep.equal([0, 0, 4, 0]);
    expect(dottest(op)).to.equal(true);
  });

  const bad: { what: string; params: Record<string, unknown> }[] = [
    { what: 'an index past the end of the axis', params: { dims: [5], iava: [0, 5] } },
    { what: 'a negative index', params: { dims: [5], iava: [-1] } },
    { what: 'a fractional index', params: { dims: [5], iava: [1.5] } },
    { what: 'an empty iava', params: { dims: [5], iava: [] } },
    { what: 'an axis out of range', params: { dims: [5, 4], iava: [0], axis: 2 } },
  ];
  for (const { what, params } of bad) {
    it(`rejects ${what} with InvalidParameterError`, () => {
      expect(() => new Restriction(params as never)).to.throw(InvalidParameterError);
    });
  }
});
