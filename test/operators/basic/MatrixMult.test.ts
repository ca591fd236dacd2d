import { expect } from 'chai';
import { type DType, InvalidParameterError, MatrixMult, ShapeMismatchError, dottest, fromSpec, prod } from '../../../index.ts';
import { pairs, randomData, randomMatrix } from './fixtures.ts';

const cases: { n: number; m: number; otherdims?: number[]; dtype: DType }[] = [
  { n: 6, m: 4, dtype: 'float64' },
  { n: 3, m: 7, dtype: 'float64' },
  { n: 5, m: 5, dtype: 'complex128' },
  { n: 4, m: 3, otherdims: [5], dtype: 'float64' },
  { n: 2, m: 3, otherdims: [2, 3], dtype: 'complex128' },
  { n: 6, m: 8, dtype: 'float32' },
  { n: 4, m: 3, otherdims: [3], dtype: 'complex64' },
];

/** y[i, k] = sum_j A[i, j] x[j, k] (or A^H), written with complex pairs as an independent reference. */
function reference(A: [number, number][], x: [number, number][], n: number, m: number, K: number, adjoint: boolean): [number, number][] {
  const rows = adjoint ? m : n;
  const inner = adjoint ? n : m;
  return Array.from({ length: rows * K }, (_, r) => {
    const [i, k] = [Math.floor(r / K), r % K];
    let [re, im] = [0, 0];
    for (let j = 0; j < inner; j++) {
      const [ar, ai] = adjoint ? [A[j * m + i][0], -A[j * m + i][1]] : A[i * m + j];
      const [xr, xi] = x[j * K + k];
      re += ar * xr - ai * xi;
      im += ar * xi + ai * xr;
    }
    return [re, im];
  });
}

describe('MatrixMult', () => {
  for (const { n, m, otherdims = [], dtype } of cases) {
    const label = `${n}x${m} ${dtype}${otherdims.length ? ` otherdims [${otherdims}]` : ''}`;
    const cplx = dtype.startsWith('complex');
    const tol = dtype === 'float32' || dtype === 'complex64' ? 1e-5 : 1e-12;
    const make = () => new MatrixMult({ A: { shape: [n, m], data: Array.from(randomData(n * m, dtype, 7)) }, otherdims, dtype });

    it(`passes the dot test for ${label}`, () => {
      expect(dottest(make())).to.equal(true);
    });

    it(`reports dims [m, ...otherdims] and dimsd [n, ...otherdims] for ${label}`, () => {
      const op = make();
      expect(op.dims).to.deep.equal([m, ...otherdims]);
      expect(op.dimsd).to.deep.equal([n, ...otherdims]);
      expect(op.dtype).to.equal(dtype);
    });

    it(`computes A x and A^H y like a plain triple loop for ${label}`, () => {
      const op = make();
      const K = prod(otherdims);
      const A = pairs(op.A, cplx);
      const x = randomData(m * K, dtype, 3);
      const y = randomData(n * K, dtype, 4);
      const close = (got: ArrayLike<number>, exp: [number, number][]) =>
        pairs(got, cplx).forEach(([re, im], i) => expect(Math.hypot(re - exp[i][0], im - exp[i][1])).to.be.at.most(tol * 10));
      close(op.matvec(x), reference(A, pairs(x, cplx), n, m, K, false));
      close(op.rmatvec(y), reference(A, pairs(y, cplx), n, m, K, true));
    });

    it(`round-trips through toSpec for ${label}`, () => {
      const op = make();
      const x = randomData(prod(op.dims), dtype, 5);
      expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
    });
  }

  it('runs a real matrix on complex input part by part', () => {
    const op = randomMatrix(3, 4);
    const x = randomData(4, 'complex128', 9);
    const re = Float64Array.from({ length: 4 }, (_, i) => x[2 * i]);
    const im = Float64Array.from({ length: 4 }, (_, i) => x[2 * i + 1]);
    const y = op.matvec(x);
    const [yr, yi] = [op.matvec(re), op.matvec(im)];
    expect(Array.from({ length: 3 }, (_, i) => y[2 * i])).to.deep.equal(Array.from(yr));
    expect(Array.from({ length: 3 }, (_, i) => y[2 * i + 1])).to.deep.equal(Array.from(yi));
  });

  const bad: { what: string; params: Record<string, unknown>; error: new (...a: never[]) => Error }[] = [
    { what: 'a 1-D A', params: { A: { shape: [4], data: [1, 2, 3, 4] } }, error: InvalidParameterError },
    { what: 'a 3-D A', params: { A: { shape: [2, 2, 2], data: new Array(8).fill(1) } }, error: InvalidParameterError },
    { what: 'A data shorter than its shape', params: { A: { shape: [2, 3], data: [1, 2, 3] } }, error: ShapeMismatchError },
    { what: 'A without a shape', params: { A: [1, 2, 3] }, error: InvalidParameterError },
    { what: 'a non-integer otherdims', params: { A: { shape: [1, 1], data: [1] }, otherdims: [1.5] }, error: InvalidParameterError },
  ];
  for (const { what, params, error } of bad) {
    it(`rejects ${what} with ${error.name}`, () => {
      expect(() => new MatrixMult(params as never)).to.throw(error);
    });
  }
});
