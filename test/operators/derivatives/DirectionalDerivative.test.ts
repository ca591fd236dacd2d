import { expect } from 'chai';
import { FirstDirectionalDerivative, Gradient, SecondDirectionalDerivative, dottest, isComplex, mulberry32 } from '../../../operators/index.ts';
import type { DType } from '../../../operators/index.ts';
import { maxRelDiff } from './naive.ts';
import { randomInput, tolOf } from './table.ts';

/** A direction: constant (ndim values) or a field [ndim, ...dims], complex interleaved for complex dtypes. */
function direction(dims: number[], field: boolean, dtype: DType, seed = 9): number[] | { shape: number[]; data: number[] } {
  const next = mulberry32(seed);
  const n = (isComplex(dtype) ? 2 : 1) * dims.length * (field ? dims.reduce((a, b) => a * b, 1) : 1);
  const data = Array.from({ length: n }, () => Math.fround(2 * next() - 1));
  return field ? { shape: [dims.length, ...dims], data } : data;
}

/** Σ_k v_k ⊙ g_k from a Gradient output g (complex multiply for complex data). */
function combine(g: ArrayLike<number>, v: number[] | { data: number[] }, ndim: number, complex: boolean): Float64Array {
  const len = g.length / ndim;
  const data = Array.isArray(v) ? v : v.data;
  const field = !Array.isArray(v);
  const y = new Float64Array(len);
  const step = complex ? 2 : 1;
  for (let k = 0; k < ndim; k++)
    for (let i = 0; i < len; i += step) {
      const j = field ? k * len + i : k * step;
      if (!complex) y[i] += data[j] * g[k * len + i];
      else {
        y[i] += data[j] * g[k * len + i] - data[j + 1] * g[k * len + i + 1];
        y[i + 1] += data[j] * g[k * len + i + 1] + data[j + 1] * g[k * len + i];
      }
    }
  return y;
}

const CASES = [
  { dims: [11, 21], sampling: 1 as number | number[], edge: false, kind: 'centered' as const },
  { dims: [8, 9], sampling: [1, 2], edge: true, kind: 'forward' as const },
  { dims: [4, 5, 6], sampling: 0.5, edge: true, kind: 'backward' as const },
];

describe('FirstDirectionalDerivative and SecondDirectionalDerivative', () => {
  for (const c of CASES)
    for (const field of [false, true])
      for (const dtype of ['float64', 'float32', 'complex128'] as DType[]) {
        const what = `${field ? 'a field' : 'a constant direction'} on [${c.dims}], ${c.kind}${c.edge ? ' with edges' : ''}, ${dtype}`;
        const v = direction(c.dims, field, dtype);
        const D = () => new FirstDirectionalDerivative({ ...c, v, dtype });
        const D2 = () => new SecondDirectionalDerivative({ dims: c.dims, sampling: c.sampling, edge: c.edge, v, dtype });

        it(`passes the dot test for the first derivative along ${what}`, () => {
          expect(dottest(D())).to.equal(true);
        });

        it(`passes the dot test for the second derivative along ${what}`, () => {
          expect(dottest(D2())).to.equal(true);
        });

        it(`sums v_k times the gradient components, along ${what}`, () => {
          const x = randomInput(c.dims, dtype, 10);
          const g = new Gradient({ dims: c.dims, sampling: c.sampling, edge: c.edge, kind: c.kind, dtype }).matvec(x);
          expect(maxRelDiff(D().matvec(x), combine(g, v as never, c.dims.length, isComplex(dtype)))).to.be.at.most(tolOf(dtype));
        });

        it(`gives -D^H D (centered) for the second derivative along ${what}`, () => {
          const x = randomInput(c.dims, dtype, 11);
          const Dc = new FirstDirectionalDerivative({ dims: c.dims, sampling: c.sampling, edge: c.edge, v, dtype });
          const expected = Dc.rmatvec(Dc.matvec(x)).map((s) => -s);
          expect(D2().matvec(x)).to.deep.equal(expected);
          expect(D2().rmatvec(x)).to.deep.equal(expected);
        });
      }

  it('reports the direction in its spec, as given', () => {
    const v = { shape: [2, 2, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
    expect(new FirstDirectionalDerivative({ dims: [2, 3], v }).toSpec().params.v).to.deep.equal(v);
    expect(new SecondDirectionalDerivative({ dims: [2, 3], v: [0.6, 0.8] }).toSpec().params).to.deep.equal({ dims: [2, 3], v: [0.6, 0.8], sampling: [1, 1], edge: false, dtype: 'float64' });
  });
});
