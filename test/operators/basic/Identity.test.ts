import { expect } from 'chai';
import { type DType, Identity, InvalidParameterError, dottest, fromSpec } from '../../../index.ts';
import { pairs, randomData } from './fixtures.ts';

const cases: { N: number; M?: number; dtype: DType }[] = [
  { N: 7, dtype: 'float64' },
  { N: 5, M: 8, dtype: 'float64' },
  { N: 8, M: 5, dtype: 'float64' },
  { N: 6, M: 4, dtype: 'complex128' },
  { N: 3, M: 6, dtype: 'complex64' },
  { N: 9, dtype: 'float32' },
];

describe('Identity', () => {
  for (const { N, M = N, dtype } of cases) {
    const label = `N=${N} M=${M} ${dtype}`;
    const cplx = dtype.startsWith('complex');
    const make = () => new Identity({ N, M, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`keeps the first min(N, M) samples and pads zeros for ${label}`, () => {
      const op = make();
      expect([op.dims, op.dimsd]).to.deep.equal([[M], [N]]);
      const x = randomData(M, dtype, 3);
      const y = randomData(N, dtype, 4);
      const head = (v: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, i) => (i < Math.min(N, M) ? pairs(v, cplx)[i] : [0, 0]));
      expect(pairs(op.matvec(x), cplx)).to.deep.equal(head(x, N));
      expect(pairs(op.rmatvec(y), cplx)).to.deep.equal(head(y, M));
    });

    it(`returns a new array, never its input, for ${label}`, () => {
      const x = randomData(M, dtype, 3);
      expect(make().matvec(x)).to.not.equal(x);
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = make();
      const x = randomData(M, dtype, 5);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  for (const bad of [{ N: 0 }, { N: -3 }, { N: 2.5 }, { N: 3, M: 'x' }]) {
    it(`rejects ${JSON.stringify(bad)} with InvalidParameterError`, () => {
      expect(() => new Identity(bad as never)).to.throw(InvalidParameterError);
    });
  }
});
