import { expect } from 'chai';
import { type DType, isComplex, isSingle } from '../../../operators/core/dtype.ts';
import { dottest } from '../../../operators/core/dottest.ts';
import { InvalidParameterError } from '../../../operators/core/errors.ts';
import { NDArray, relativeError } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import { Convolve1D } from '../../../operators/signal/Convolve1D.ts';
import { fromLines, linesOf, naiveConvolve } from './lines.ts';

const odd = [0.3, -1.1, 2.5, 0.7, -0.2];
const even = [1.5, -0.5, 0.25, 2];
const interleave = (h: number[]) => h.flatMap((v) => [v, 0]);

const table: { dims: number[]; axis: number; h: number[]; offset: number; dtype: DType }[] = [
  { dims: [20], axis: 0, h: odd, offset: 0, dtype: 'float64' },
  { dims: [20], axis: -1, h: odd, offset: 2, dtype: 'float64' },
  { dims: [20], axis: 0, h: odd, offset: 4, dtype: 'float64' },
  { dims: [21], axis: 0, h: even, offset: 0, dtype: 'float64' },
  { dims: [21], axis: 0, h: even, offset: 3, dtype: 'float64' },
  { dims: [1], axis: 0, h: [2], offset: 0, dtype: 'float64' },
  { dims: [5], axis: 0, h: odd, offset: 2, dtype: 'float64' }, // as long as the axis
  { dims: [12, 7], axis: 0, h: odd, offset: 2, dtype: 'float64' },
  { dims: [6, 15], axis: 1, h: even, offset: 1, dtype: 'float64' },
  { dims: [3, 10, 4], axis: 1, h: [0.25, 0.5, 0.25], offset: 1, dtype: 'float64' },
  { dims: [3, 10, 4], axis: 2, h: even, offset: 2, dtype: 'float64' },
  { dims: [3, 10, 4], axis: 0, h: odd, offset: 1, dtype: 'complex128' },
  { dims: [4], axis: 0, h: odd, offset: 3, dtype: 'float64' }, // longer than the axis: dimsd [5]
  { dims: [3, 4], axis: 1, h: [...odd, ...even], offset: 2, dtype: 'float64' }, // longer: dimsd [3, 9]
  { dims: [20], axis: 0, h: odd, offset: 2, dtype: 'float32' },
  { dims: [6, 9], axis: 0, h: even, offset: 2, dtype: 'complex64' },
];

describe('Convolve1D', () => {
  for (const c of table) {
    const label = `${c.dtype} dims [${c.dims}] axis ${c.axis}, len(h) ${c.h.length}, offset ${c.offset}`;
    const make = () => new Convolve1D({ dims: c.dims, axis: c.axis, h: isComplex(c.dtype) ? interleave(c.h) : c.h, offset: c.offset, dtype: c.dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`equals y[i] = sum_j h[j] x[i - j + offset] and its transpose for ${label}`, () => {
      const op = make();
      const axis = (c.axis + c.dims.length) % c.dims.length;
      const cplx = isComplex(c.dtype);
      const n = c.dims[axis];
      const nd = Math.max(n, c.h.length);
      expect(op.dims).to.deep.equal(c.dims);
      expect(op.dimsd).to.deep.equal(c.dims.map((d, a) => (a === axis ? nd : d)));
      const tol = isSingle(c.dtype) ? 1e-6 : 1e-14;
      const x = NDArray.random(op.dims, 1, c.dtype).data;
      const expectedFwd = fromLines(linesOf(x, op.dims, axis, cplx).map((l) => naiveConvolve(l, c.h, c.offset, nd)), op.dimsd, axis, cplx);
      expect(relativeError(op.matvec(x), expectedFwd)).to.be.at.most(tol);
      const y = NDArray.random(op.dimsd, 2, c.dtype).data;
      const flipped = [...c.h].reverse(); // x[k] = sum_j h[j] y[k + j - offset] = sum_j flip(h)[j] y[k - j + (len(h) - 1 - offset)]
      const expectedAdj = fromLines(linesOf(y, op.dimsd, axis, cplx).map((l) => naiveConvolve(l, flipped, c.h.length - 1 - c.offset, n)), op.dims, axis, cplx);
      expect(relativeError(op.rmatvec(y), expectedAdj)).to.be.at.most(tol);
    });

    it(`round-trips through its spec for ${label}`, () => {
      const op = make();
      const back = fromSpec(JSON.parse(JSON.stringify(op.toSpec())));
      const x = NDArray.random(op.dims, 4, c.dtype).data;
      expect(back.matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  it('matches PyLops for a filter longer than the axis (values of scipy convolve as _Convolve1Dlong calls it)', () => {
    const op = new Convolve1D({ dims: 4, h: [1, 2, 3, 4, 5, 6], offset: 1 });
    expect(op.dimsd).to.deep.equal([6]);
    expect(Array.from(op.matvec(Float64Array.of(1, -2, 3, 0.5)))).to.deep.equal([0, 2, 4.5, 7, 9.5, 5]);
    expect(Array.from(op.rmatvec(Float64Array.of(0.5, 1, -1, 2, 0, 3)))).to.deep.equal([10, 25.5, 20, 15]);
  });

  it('accepts a 1-D filter in {shape, data} form', () => {
    const a = new Convolve1D({ dims: 8, h: { shape: [5], data: odd } as never, offset: 2 });
    const b = new Convolve1D({ dims: 8, h: odd, offset: 2 });
    const x = NDArray.random([8], 9).data;
    expect(a.matvec(x)).to.deep.equal(b.matvec(x));
  });

  it('keeps the precision of the dtype and the default method of PyLops', () => {
    expect(new Convolve1D({ dims: 8, h: odd, dtype: 'float32' }).matvec(new Float32Array(8))).to.be.instanceOf(Float32Array);
    expect(new Convolve1D({ dims: 8, h: odd }).method).to.equal('direct');
    expect(new Convolve1D({ dims: [8, 3], h: odd }).method).to.equal('fft');
    expect(new Convolve1D({ dims: 8, h: odd }).offset).to.equal(0);
  });

  it('exposes its axis kernel with the halo the distributed layer needs', () => {
    const op = new Convolve1D({ dims: [6, 15], axis: 1, h: odd, offset: 1 });
    expect(op.axis).to.equal(1);
    expect(op.axisKernel().halo).to.deep.equal([3, 1]);
    expect(op.axisKernel().haloAdjoint).to.deep.equal([1, 3]);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['an offset past the end of the filter', { dims: 10, h: odd, offset: 5 }, 'offset'],
    ['a negative offset', { dims: 10, h: odd, offset: -1 }, 'offset'],
    ['a fractional offset', { dims: 10, h: odd, offset: 1.5 }, 'offset'],
    ['an offset past the axis for a long filter', { dims: 3, h: odd, offset: 3 }, 'offset'],
    ['an empty filter', { dims: 10, h: [] }, 'h'],
    ['a filter that is not numbers', { dims: 10, h: ['a'] }, 'h'],
    ['an N-D filter', { dims: [4, 5], h: { shape: [2, 5], data: new Array(10).fill(1) } }, 'h'],
    ['a complex filter', { dims: 10, h: [1, 0.5, 2, 0], dtype: 'complex128' }, 'h'],
    ['an axis out of range', { dims: [4, 5], h: odd, axis: 2 }, 'axis'],
    ['a negative axis out of range', { dims: [4, 5], h: odd, axis: -3 }, 'axis'],
    ['a method PyLops refuses for 1-D dims', { dims: 10, h: odd, method: 'overlapadd' }, 'method'],
    ['a method PyLops refuses for N-D dims', { dims: [4, 5], h: odd, method: 'direct' }, 'method'],
    ['bad dims', { dims: [4, 0], h: odd }, 'dims'],
    ['an unknown dtype', { dims: 10, h: odd, dtype: 'int8' }, 'dtype'],
  ];
  for (const [what, params, parameter] of bad) {
    it(`throws an InvalidParameterError naming \`${parameter}\` for ${what}`, () => {
      const err = (() => {
        try {
          new Convolve1D(params as never);
        } catch (e) {
          return e;
        }
      })();
      expect(err).to.be.instanceOf(InvalidParameterError);
      expect((err as InvalidParameterError).parameter).to.equal(parameter);
      expect((err as InvalidParameterError).operator).to.equal('Convolve1D');
    });
  }
});
