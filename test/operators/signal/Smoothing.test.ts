import { expect } from 'chai';
import { type DType, isComplex, isSingle } from '../../../operators/core/dtype.ts';
import { dottest } from '../../../operators/core/dottest.ts';
import { InvalidParameterError } from '../../../operators/core/errors.ts';
import { NDArray, relativeError } from '../../../operators/core/NDArray.ts';
import { fromSpec } from '../../../operators/core/spec.ts';
import { Convolve1D } from '../../../operators/signal/Convolve1D.ts';
import { Smoothing1D } from '../../../operators/signal/Smoothing1D.ts';
import { Smoothing2D } from '../../../operators/signal/Smoothing2D.ts';

/** Box average of half-widths r over the given axes with zero padding, summed point by point. */
function naiveBox(x: Float64Array | Float32Array, dims: number[], axes: number[], widths: number[], cplx: boolean): Float64Array {
  const size = dims.reduce((a, b) => a * b, 1);
  const strides = dims.map((_, a) => dims.slice(a + 1).reduce((p, d) => p * d, 1));
  const out = new Float64Array(x.length);
  const norm = widths.reduce((p, w) => p * w, 1);
  for (let i = 0; i < size; i++) {
    const idx = dims.map((d, a) => Math.floor(i / strides[a]) % d);
    const offsets: number[][] = [[]];
    for (const w of widths) {
      const r = (w - 1) / 2;
      const next: number[][] = [];
      for (const o of offsets) for (let s = -r; s <= r; s++) next.push([...o, s]);
      offsets.splice(0, offsets.length, ...next);
    }
    for (const o of offsets) {
      const j = idx.map((v, a) => v + (axes.includes(a) ? o[axes.indexOf(a)] : 0));
      if (j.some((v, a) => v < 0 || v >= dims[a])) continue;
      const f = j.reduce((p, v, a) => p + v * strides[a], 0);
      if (cplx) {
        out[2 * i] += x[2 * f] / norm;
        out[2 * i + 1] += x[2 * f + 1] / norm;
      } else out[i] += x[f] / norm;
    }
  }
  return out;
}

const odd = (n: number) => (n % 2 === 0 ? n + 1 : n);

describe('Smoothing1D', () => {
  const table: { nsmooth: number; dims: number[]; axis: number; dtype: DType }[] = [
    { nsmooth: 3, dims: [20], axis: -1, dtype: 'float64' },
    { nsmooth: 4, dims: [20], axis: 0, dtype: 'float64' },
    { nsmooth: 1, dims: [7], axis: 0, dtype: 'float64' },
    { nsmooth: 5, dims: [10, 8], axis: 0, dtype: 'float64' },
    { nsmooth: 5, dims: [10, 8], axis: 1, dtype: 'complex128' },
    { nsmooth: 3, dims: [3, 6, 4], axis: 1, dtype: 'float64' },
    { nsmooth: 9, dims: [6], axis: 0, dtype: 'float64' }, // box longer than the axis (dimsd [9], as PyLops)
    { nsmooth: 7, dims: [25], axis: 0, dtype: 'float32' },
    { nsmooth: 2, dims: [5, 6], axis: 1, dtype: 'complex64' },
  ];
  for (const c of table) {
    const label = `nsmooth ${c.nsmooth} on ${c.dtype} dims [${c.dims}] axis ${c.axis}`;
    it(`passes the dot test for ${label}`, () => {
      expect(dottest(new Smoothing1D(c))).to.equal(true);
    });
    it(`equals a box average with zero padding for ${label}`, () => {
      const op = new Smoothing1D(c);
      const n = odd(c.nsmooth);
      const axis = (c.axis + c.dims.length) % c.dims.length;
      const x = NDArray.random(c.dims, 5, c.dtype).data;
      const tol = isSingle(c.dtype) ? 1e-6 : 1e-14;
      if (n <= c.dims[axis]) expect(relativeError(op.matvec(x), naiveBox(x, c.dims, [axis], [n], isComplex(c.dtype)))).to.be.at.most(tol);
      const box = new Float64Array(n).fill(1 / n);
      const conv = new Convolve1D({ dims: c.dims, axis: c.axis, h: [], offset: (n - 1) / 2, dtype: c.dtype }, box);
      expect(op.matvec(x), 'Convolve1D with the box').to.deep.equal(conv.matvec(x));
      expect(op.dimsd).to.deep.equal(conv.dimsd);
      expect(op.nsmooth).to.equal(n);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x), 'spec round trip').to.deep.equal(op.matvec(x));
    });
  }
  for (const nsmooth of [0, -3, 2.5, '3']) {
    it(`throws an InvalidParameterError for nsmooth ${JSON.stringify(nsmooth)}`, () => {
      expect(() => new Smoothing1D({ nsmooth: nsmooth as number, dims: 10 })).to.throw(InvalidParameterError, /nsmooth/);
    });
  }
  it('throws an InvalidParameterError naming nsmooth for a box whose centre is past the axis (PyLops refuses it too)', () => {
    expect(() => new Smoothing1D({ nsmooth: 7, dims: 3 })).to.throw(InvalidParameterError, /nsmooth/);
    expect(new Smoothing1D({ nsmooth: 5, dims: 3 }).dimsd).to.deep.equal([5]);
  });
  it('names itself in errors from the shared Convolve1D parsing', () => {
    expect(() => new Smoothing1D({ nsmooth: 3, dims: [4, 5], axis: 2 })).to.throw(InvalidParameterError, /Smoothing1D: `axis`/);
  });
});

describe('Smoothing2D', () => {
  const table: { nsmooth: number | [number, number]; dims: number[]; axes?: [number, number]; dtype: DType }[] = [
    { nsmooth: [3, 3], dims: [10, 12], dtype: 'float64' },
    { nsmooth: [5, 3], dims: [10, 12], axes: [0, 1], dtype: 'float64' },
    { nsmooth: [4, 2], dims: [10, 12], axes: [0, 1], dtype: 'float64' },
    { nsmooth: 3, dims: [7, 5], axes: [1, 0], dtype: 'float64' },
    { nsmooth: [3, 3], dims: [6, 4, 7], axes: [0, 2], dtype: 'float64' },
    { nsmooth: [5, 3], dims: [3, 6, 5], axes: [-1, -2], dtype: 'complex128' },
    { nsmooth: [9, 3], dims: [5, 6], axes: [0, 1], dtype: 'float64' }, // box longer than axis 0: dims stay
    { nsmooth: [3, 3], dims: [9, 9], axes: [0, 1], dtype: 'float32' },
    { nsmooth: [3, 5], dims: [6, 7], axes: [0, 1], dtype: 'complex64' },
  ];
  for (const c of table) {
    const label = `nsmooth ${JSON.stringify(c.nsmooth)} on ${c.dtype} dims [${c.dims}] axes ${JSON.stringify(c.axes ?? [-2, -1])}`;
    it(`passes the dot test for ${label}`, () => {
      expect(dottest(new Smoothing2D(c))).to.equal(true);
    });
    it(`equals a 2-D box average with zero padding for ${label}`, () => {
      const op = new Smoothing2D(c);
      const ns = typeof c.nsmooth === 'number' ? [c.nsmooth, c.nsmooth] : c.nsmooth;
      const x = NDArray.random(c.dims, 6, c.dtype).data;
      const tol = isSingle(c.dtype) ? 1e-6 : 1e-13;
      const expected = naiveBox(x, c.dims, [...op.axes], ns.map(odd), isComplex(c.dtype));
      expect(op.dimsd).to.deep.equal(c.dims);
      expect(relativeError(op.matvec(x), expected), 'forward').to.be.at.most(tol);
      expect(relativeError(op.rmatvec(x), expected), 'adjoint (symmetric)').to.be.at.most(tol);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x), 'spec round trip').to.deep.equal(op.matvec(x));
    });
  }
  it('exposes one Convolve1D box kernel per axis, in forward order', () => {
    const op = new Smoothing2D({ nsmooth: [5, 3], dims: [10, 12], axes: [1, 0] });
    expect(op.passes.map((p) => p.axis)).to.deep.equal([1, 0]);
    expect(op.passes.map((p) => p.kernel.halo)).to.deep.equal([[2, 2], [1, 1]]);
  });
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['nsmooth 0', { nsmooth: [0, 3], dims: [5, 5] }, /nsmooth\[0\]/],
    ['a negative nsmooth', { nsmooth: [3, -1], dims: [5, 5] }, /nsmooth\[1\]/],
    ['three sizes', { nsmooth: [3, 3, 3], dims: [5, 5] }, /nsmooth/],
    ['equal axes', { nsmooth: 3, dims: [5, 5], axes: [0, -2] }, /axes/],
    ['1-D dims with the default axes', { nsmooth: 3, dims: [5] }, /axes\[0\]/],
    ['an axis out of range', { nsmooth: 3, dims: [5, 5], axes: [0, 2] }, /axes\[1\]/],
  ];
  for (const [what, params, re] of bad) {
    it(`throws an InvalidParameterError for ${what}`, () => {
      expect(() => new Smoothing2D(params as never)).to.throw(InvalidParameterError, re);
    });
  }
});
