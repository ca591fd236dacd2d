import { expect } from 'chai';
import { type DType, isComplex, isSingle } from '../../../operators/core/dtype.ts';
import { dottest } from '../../../operators/core/dottest.ts';
import { InvalidParameterError } from '../../../operators/core/errors.ts';
import { NDArray, relativeError } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import { FFT, type FFTParams } from '../../../operators/signal/FFT.ts';
import { type C, fromLines, linesOf, naiveDft, roll } from './lines.ts';

/** PyLops' FFT forward on one line, by the book (numpy's roll, pad/truncate, dense DFT). */
function naiveLine(x: C[], p: Required<Pick<FFTParams, 'norm' | 'real' | 'ifftshift_before' | 'fftshift_after'>> & { nfft: number; realModel: boolean }): C[] {
  const n = x.length;
  let u = p.ifftshift_before ? roll(x, -(n >> 1)) : x;
  if (p.realModel) u = u.map(([re]) => [re, 0] as C);
  u = Array.from({ length: p.nfft }, (_, t) => (t < n ? u[t] : ([0, 0] as C)));
  const s = p.norm === 'ortho' ? 1 / Math.sqrt(p.nfft) : p.norm === 'none' ? 1 : 1 / p.nfft;
  let y = naiveDft(u, -1).map(([re, im]) => [s * re, s * im] as C);
  if (p.real) y = y.slice(0, (p.nfft >> 1) + 1).map(([re, im], k) => (k >= 1 && k <= (p.nfft - 1) >> 1 ? [re * Math.SQRT2, im * Math.SQRT2] : [re, im]));
  return p.fftshift_after ? roll(y, y.length >> 1) : y;
}

/** A^H y for the line operator `f` (complex-linear, or real model: the real part), from its dense columns. */
function naiveAdjointLine(y: C[], n: number, f: (x: C[]) => C[], realModel: boolean): C[] {
  const cols = Array.from({ length: n }, (_, t) => f(Array.from({ length: n }, (_, s) => [s === t ? 1 : 0, 0] as C)));
  return cols.map((col) => {
    const acc: C = [0, 0];
    col.forEach(([ar, ai], k) => {
      acc[0] += ar * y[k][0] + ai * y[k][1]; // conj(a) y
      acc[1] += ar * y[k][1] - ai * y[k][0];
    });
    return realModel ? ([acc[0], 0] as C) : acc;
  });
}

type Row = { dims: number[]; axis?: number; nfft?: number; norm?: 'ortho' | 'none' | '1/n'; real?: boolean; ifftshift_before?: boolean; fftshift_after?: boolean; dtype: DType };
const table: Row[] = [
  { dims: [16], dtype: 'complex128' },
  { dims: [15], dtype: 'complex128' },
  { dims: [1], dtype: 'complex128' },
  { dims: [10], nfft: 24, dtype: 'complex128' },
  { dims: [16], nfft: 10, dtype: 'complex128' },
  { dims: [16], norm: 'none', dtype: 'complex128' },
  { dims: [13], norm: '1/n', nfft: 7, dtype: 'complex128' },
  { dims: [16], dtype: 'float64' },
  { dims: [16], real: true, dtype: 'float64' },
  { dims: [15], real: true, dtype: 'float64' },
  { dims: [12], real: true, nfft: 20, dtype: 'float64' },
  { dims: [12], real: true, nfft: 5, norm: 'none', dtype: 'float64' },
  { dims: [13], real: true, nfft: 16, norm: '1/n', dtype: 'float64' },
  { dims: [12], real: true, dtype: 'complex128' },
  { dims: [8, 5], axis: 0, dtype: 'complex128' },
  { dims: [5, 8], axis: 1, nfft: 12, dtype: 'complex128' },
  { dims: [9, 4], axis: 0, real: true, dtype: 'float64' },
  { dims: [3, 8, 2], axis: 1, norm: 'none', dtype: 'complex128' },
  { dims: [3, 7, 2], axis: -1, nfft: 3, real: true, fftshift_after: true, dtype: 'float64' },
  { dims: [16], fftshift_after: true, dtype: 'complex128' },
  { dims: [15], ifftshift_before: true, dtype: 'complex128' },
  { dims: [11], ifftshift_before: true, fftshift_after: true, nfft: 8, dtype: 'complex128' },
  { dims: [10], ifftshift_before: true, fftshift_after: true, nfft: 13, real: true, dtype: 'float64' },
  { dims: [16], dtype: 'complex64' },
  { dims: [16], real: true, dtype: 'float32' },
  { dims: [6, 9], axis: 1, nfft: 11, norm: 'none', dtype: 'float32' },
];

describe('FFT', () => {
  for (const c of table) {
    const label = JSON.stringify(c);
    it(`passes the dot test for ${label}`, () => {
      expect(dottest(new FFT(c))).to.equal(true);
    });

    it(`equals the dense DFT by the book, forward and adjoint, for ${label}`, () => {
      const op = new FFT(c);
      const axis = ((c.axis ?? -1) + c.dims.length) % c.dims.length;
      const n = c.dims[axis];
      const nfft = c.nfft ?? n;
      const realModel = !!c.real || !isComplex(c.dtype);
      const p = { nfft, norm: c.norm ?? 'ortho', real: !!c.real, ifftshift_before: !!c.ifftshift_before, fftshift_after: !!c.fftshift_after, realModel };
      const m = c.real ? (nfft >> 1) + 1 : nfft;
      expect(op.dimsd).to.deep.equal(c.dims.map((d, a) => (a === axis ? m : d)));
      expect(op.dtype).to.equal(isSingle(c.dtype) ? 'complex64' : 'complex128');
      expect(op.modelComplex).to.equal(!realModel);
      const tol = isSingle(c.dtype) ? 1e-6 : 1e-13;
      const x = NDArray.random(op.dims, 11, realModel ? (isSingle(c.dtype) ? 'float32' : 'float64') : op.dtype).data;
      const fwd = fromLines(linesOf(x, op.dims, axis, !realModel).map((l) => naiveLine(l, p)), op.dimsd, axis, true);
      expect(relativeError(op.matvec(x), fwd), 'forward').to.be.at.most(tol);
      const y = NDArray.random(op.dimsd, 12, op.dtype).data;
      const adj = fromLines(linesOf(y, op.dimsd, axis, true).map((l) => naiveAdjointLine(l, n, (u) => naiveLine(u, p), realModel)), op.dims, axis, !realModel);
      expect(relativeError(op.rmatvec(y), adj), 'adjoint').to.be.at.most(tol);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x), 'spec round trip').to.deep.equal(op.matvec(x));
    });
  }

  const unitary: Row[] = [
    { dims: [16], dtype: 'complex128' },
    { dims: [15], dtype: 'complex128' },
    { dims: [10], nfft: 24, ifftshift_before: true, fftshift_after: true, dtype: 'complex128' },
    { dims: [4, 15], axis: 1, real: true, dtype: 'float64' },
    { dims: [12], real: true, nfft: 17, dtype: 'float64' },
  ];
  for (const c of unitary) {
    it(`is an isometry with norm ortho and nfft >= n (F^H F x = x) for ${JSON.stringify(c)}`, () => {
      const op = new FFT(c);
      const x = NDArray.random(op.dims, 21, op.modelComplex ? 'complex128' : 'float64').data;
      expect(relativeError(op.rmatvec(op.matvec(x)), x)).to.be.at.most(1e-14);
    });
  }

  it('keeps single precision in float32/complex64 outputs', () => {
    const op = new FFT({ dims: 16, real: true, dtype: 'float32' });
    expect(op.matvec(new Float32Array(16))).to.be.instanceOf(Float32Array).with.lengthOf(18);
    expect(op.rmatvec(new Float32Array(18))).to.be.instanceOf(Float32Array).with.lengthOf(16);
  });

  it('gives numpy frequencies in fs (fftfreq, rfftfreq, fftshifted)', () => {
    expect(Array.from(new FFT({ dims: 8, sampling: 0.5 }).fs)).to.deep.equal([0, 0.25, 0.5, 0.75, -1, -0.75, -0.5, -0.25]);
    expect(Array.from(new FFT({ dims: 8, sampling: 0.5, real: true }).fs)).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(new FFT({ dims: 5, fftshift_after: true }).fs)).to.deep.equal([-0.4, -0.2, 0, 0.2, 0.4]);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['nfft 0', { dims: 8, nfft: 0 }, 'nfft'],
    ['a negative nfft', { dims: 8, nfft: -4 }, 'nfft'],
    ['a fractional nfft', { dims: 8, nfft: 4.5 }, 'nfft'],
    ['an unknown norm', { dims: 8, norm: 'backward' }, 'norm'],
    ['an axis out of range', { dims: [4, 5], axis: 2 }, 'axis'],
    ['a non-boolean real', { dims: 8, real: 'yes' }, 'real'],
    ['a non-boolean shift flag', { dims: 8, fftshift_after: 1 }, 'fftshift_after'],
    ['a non-finite sampling', { dims: 8, sampling: Infinity }, 'sampling'],
    ['an unknown engine', { dims: 8, engine: 'mkl' }, 'engine'],
    ['empty dims', { dims: [] }, 'dims'],
    ['an unknown dtype', { dims: 8, dtype: 'int16' }, 'dtype'],
  ];
  for (const [what, params, parameter] of bad) {
    it(`throws an InvalidParameterError naming \`${parameter}\` for ${what}`, () => {
      let err: unknown;
      try {
        new FFT(params as never);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(InvalidParameterError);
      expect((err as InvalidParameterError).parameter).to.equal(parameter);
    });
  }
});
