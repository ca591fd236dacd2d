import { expect } from 'chai';
import { type DType, InvalidParameterError, Zero, dottest, fromSpec } from '../../../index.ts';
import { randomData } from './fixtures.ts';

const cases: { N: number; M?: number; dtype: DType }[] = [
  { N: 6, dtype: 'float64' },
  { N: 4, M: 7, dtype: 'float64' },
  { N: 7, M: 4, dtype: 'float32' },
  { N: 5, dtype: 'complex128' },
];

describe('Zero', () => {
  for (const { N, M = N, dtype } of cases) {
    const label = `N=${N} M=${M} ${dtype}`;
    const width = dtype.startsWith('complex') ? 2 : 1;
    const make = () => new Zero({ N, M, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`maps everything to zeros of the other side's size for ${label}`, () => {
      const op = make();
      expect([op.dims, op.dimsd]).to.deep.equal([[M], [N]]);
      expect(Array.from(op.matvec(randomData(M, dtype, 1)))).to.deep.equal(new Array(N * width).fill(0));
      expect(Array.from(op.rmatvec(randomData(N, dtype, 2)))).to.deep.equal(new Array(M * width).fill(0));
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = fromSpec(JSON.parse(JSON.stringify(make().toSpec())));
      expect([op.dims, op.dimsd, op.dtype]).to.deep.equal([[M], [N], dtype]);
    });
  }

  it('rejects a non-positive N with InvalidParameterError', () => {
    expect(() => new Zero({ N: 0 })).to.throw(InvalidParameterError);
  });
});
