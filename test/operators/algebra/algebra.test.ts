import { expect } from 'chai';
import {
  Adjoint,
  Conj,
  type DType,
  type LinearOperator,
  Power,
  Product,
  Scaled,
  Sum,
  Transposed,
  dottest,
  fromSpec,
  isSingle,
  prod,
} from '../../../index.ts';
import { type CMatrix, dense, hermitian, matmul, maxDiff, randomData, randomDiagonal, randomMatrix } from '../basic/fixtures.ts';

const conjM = (a: CMatrix): CMatrix => a.map((r) => r.map(([re, im]): [number, number] => [re, -im]));
const addM = (a: CMatrix, b: CMatrix): CMatrix => a.map((r, i) => r.map(([re, im], j): [number, number] => [re + b[i][j][0], im + b[i][j][1]]));
const scaleM = (a: CMatrix, [sr, si]: [number, number]): CMatrix => a.map((r) => r.map(([re, im]): [number, number] => [sr * re - si * im, sr * im + si * re]));
const eye = (n: number): CMatrix => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): [number, number] => [i === j ? 1 : 0, 0]));

/** A composition, the matrix it must equal (from the dense matrices of its parts) and its PyLops dtype. */
interface Case {
  name: string;
  build: (d: DType) => LinearOperator;
  expected: (d: DType) => CMatrix;
  dtype?: (d: DType) => DType;
}

const A = (d: DType) => randomMatrix(5, 4, d, 11);
const B = (d: DType) => randomMatrix(4, 3, d, 12);
const C = (d: DType) => randomMatrix(5, 4, d, 13);
const S = (d: DType) => randomMatrix(4, 4, d, 14);
const R = () => randomDiagonal(4, 'float64', 15);
const complexOf = (d: DType): DType => (isSingle(d) ? 'complex64' : 'complex128');

const cases: Case[] = [
  { name: 'Adjoint(A)', build: (d) => new Adjoint({ op: A(d) }), expected: (d) => hermitian(dense(A(d))) },
  { name: 'Transposed(A)', build: (d) => new Transposed({ op: A(d) }), expected: (d) => conjM(hermitian(dense(A(d)))) },
  { name: 'Conj(A)', build: (d) => new Conj({ op: A(d) }), expected: (d) => conjM(dense(A(d))) },
  { name: 'Product(A, B)', build: (d) => new Product({ ops: [A(d), B(d)] }), expected: (d) => matmul(dense(A(d)), dense(B(d))) },
  { name: 'Sum(A, C)', build: (d) => new Sum({ ops: [A(d), C(d)] }), expected: (d) => addM(dense(A(d)), dense(C(d))) },
  { name: 'Scaled(A, -2.5)', build: (d) => new Scaled({ op: A(d), scalar: -2.5 }), expected: (d) => scaleM(dense(A(d)), [-2.5, 0]) },
  {
    name: 'Scaled(A, 1.5 - 0.5i)',
    build: (d) => new Scaled({ op: A(d), scalar: [1.5, -0.5] }),
    expected: (d) => scaleM(dense(A(d)), [1.5, -0.5]),
    dtype: complexOf,
  },
  { name: 'Power(S, 3)', build: (d) => new Power({ op: S(d), exponent: 3 }), expected: (d) => matmul(dense(S(d)), matmul(dense(S(d)), dense(S(d)))) },
  { name: 'Power(S, 0)', build: (d) => new Power({ op: S(d), exponent: 0 }), expected: () => eye(4) },
  {
    name: 'Product(A, real Diagonal) (a real factor acts on re and im parts)',
    build: (d) => new Product({ ops: [A(d), R()] }),
    expected: (d) => matmul(dense(A(d)), dense(R())),
    dtype: (d) => (d === 'float32' ? 'float64' : d === 'complex64' ? 'complex128' : d),
  },
  {
    name: 'Sum(A, complex C) (mixed dtypes promote)',
    build: (d) => new Sum({ ops: [A(d), C('complex128')] }),
    expected: (d) => addM(dense(A(d)), dense(C('complex128'))),
    dtype: () => 'complex128',
  },
  {
    name: 'Conj(Transposed(Product(A, S)))',
    build: (d) => new Conj({ op: new Transposed({ op: new Product({ ops: [A(d), S(d)] }) }) }),
    expected: (d) => hermitian(matmul(dense(A(d)), dense(S(d)))),
  },
  {
    name: 'Sum(Product(Adjoint(A), A), Scaled(S, 0.1)) (normal equations)',
    build: (d) => new Sum({ ops: [new Product({ ops: [new Adjoint({ op: A(d) }), A(d)] }), new Scaled({ op: S(d), scalar: 0.1 })] }),
    expected: (d) => addM(matmul(hermitian(dense(A(d))), dense(A(d))), scaleM(dense(S(d)), [0.1, 0])),
  },
];

const dtypes: DType[] = ['float64', 'float32', 'complex128', 'complex64'];

describe('operator algebra', () => {
  for (const c of cases) {
    for (const d of dtypes) {
      const tol = isSingle(d) ? 1e-4 : 1e-12; // a single-precision part limits a promoted composite too
      it(`passes the dot test for ${c.name} in ${d}`, () => {
        expect(dottest(c.build(d), { rtol: tol })).to.equal(true);
      });
      it(`equals the algebra of the dense matrices for ${c.name} in ${d}`, () => {
        const op = c.build(d);
        expect(op.dtype).to.equal(c.dtype?.(d) ?? d);
        expect(maxDiff(dense(op), c.expected(d))).to.be.at.most(tol * 10);
      });
      it(`round-trips ${c.name} in ${d} through toSpec and JSON`, () => {
        const op = c.build(d);
        const copy = fromSpec(JSON.parse(JSON.stringify(op.toSpec())));
        const x = randomData(prod(op.dims), op.modelComplex ? 'complex128' : 'float64', 21);
        expect([copy.dims, copy.dimsd, copy.dtype]).to.deep.equal([op.dims, op.dimsd, op.dtype]);
        expect(copy.matvec(x)).to.deep.equal(op.matvec(x));
      });
    }
  }
});
