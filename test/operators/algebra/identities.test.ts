import { expect } from 'chai';
import { Adjoint, type DType, Diagonal, type LinearOperator, NDArray, Product, Restriction, Sum, dottest, relativeError } from '../../../index.ts';
import { type CMatrix, dense, hermitian, matmul, maxDiff, randomData, randomDiagonal, randomMatrix } from '../basic/fixtures.ts';

const dtypes: DType[] = ['float64', 'complex128'];

describe('operator algebra identities (LinearOperator methods)', () => {
  for (const d of dtypes) {
    const A = randomMatrix(5, 4, d, 1);
    const B = randomMatrix(4, 3, d, 2);
    const S = randomMatrix(4, 4, d, 3);
    const x = randomData(4, d, 4);
    const y = randomData(5, d, 5);

    it(`gives A back from A.H.H, A.T.T and A.conj().conj() in ${d}`, () => {
      expect(A.H.H).to.equal(A);
      expect(A.T.T).to.equal(A);
      expect(A.conj().conj()).to.equal(A);
    });

    it(`swaps dims and dimsd in A.H and A.T in ${d}`, () => {
      expect([A.H.dims, A.H.dimsd, A.T.dims, A.T.dimsd]).to.deep.equal([[5], [4], [5], [4]]);
    });

    it(`applies (A B)^H as B^H A^H in ${d}`, () => {
      const left = A.dot(B).H.matvec(y);
      const right = B.H.dot(A.H).matvec(y);
      expect(relativeError(left, right)).to.be.at.most(1e-14);
    });

    it(`applies A.minus(A) as zero and A.plus(A) as A.scale(2) in ${d}`, () => {
      expect(Array.from(A.minus(A).matvec(x)).every((v) => v === 0)).to.equal(true);
      expect(relativeError(A.plus(A).matvec(x), A.scale(2).matvec(x))).to.be.at.most(1e-15);
    });

    it(`applies A.neg() as -A in ${d}`, () => {
      expect(Array.from(A.neg().matvec(x))).to.deep.equal(Array.from(A.matvec(x), (v) => -v));
    });

    it(`applies S.pow(3) as S.dot(S).dot(S) in ${d}`, () => {
      expect(relativeError(S.pow(3).matvec(x), S.dot(S).dot(S).matvec(x))).to.be.at.most(1e-14);
    });

    it(`makes todense of a composition equal the product of todense matrices in ${d}`, () => {
      const composed: LinearOperator = A.dot(S.plus(S.H)).dot(B.scale(0.5));
      const [dS, dSH] = [dense(S), hermitian(dense(S))];
      const sym: CMatrix = dS.map((r, i) => r.map(([re, im], j): [number, number] => [re + dSH[i][j][0], im + dSH[i][j][1]]));
      const half: CMatrix = dense(B).map((r) => r.map(([re, im]): [number, number] => [0.5 * re, 0.5 * im]));
      expect(maxDiff(dense(composed), matmul(dense(A), matmul(sym, half)))).to.be.at.most(1e-12);
      expect(maxDiff(dense(composed.H), hermitian(dense(composed)))).to.be.at.most(1e-12);
    });

    it(`passes the dot test for a chain of every method in ${d}`, () => {
      const op = A.H.dot(A).plus(S.T.conj().scale(0.1)).minus(S.pow(2)).neg();
      expect(op.shape).to.deep.equal([4, 4]);
      expect(dottest(op)).to.equal(true);
    });
  }

  it('runs a real operator inside a complex composition on re and im parts', () => {
    const A = randomMatrix(3, 4, 'complex128', 6);
    const D = randomDiagonal(4, 'float64', 7);
    const x = randomData(4, 'complex128', 8);
    const scaled = Float64Array.from(x, (v, i) => v * D.diag[Math.floor(i / 2)]); // D x, part by part
    expect(relativeError(A.dot(D).matvec(x), A.matvec(scaled))).to.be.at.most(1e-15);
    expect(A.dot(D).dtype).to.equal('complex128');
  });

  it('keeps the dims of the operands as PyLops reports them', () => {
    const D2 = new Diagonal({ diag: new Array(12).fill(1), dims: [3, 4] });
    const flat = randomDiagonal(12);
    expect(new Sum({ ops: [flat, D2] }).dims).to.deep.equal([3, 4]); // a 1-D dims of A takes B's
    expect(new Sum({ ops: [D2, flat] }).dims).to.deep.equal([3, 4]);
    expect(new Product({ ops: [flat, D2] }).dims).to.deep.equal([3, 4]); // dims of B, dimsd of A
    expect(new Product({ ops: [flat, D2] }).dimsd).to.deep.equal([12]);
    expect(new Adjoint({ op: new Adjoint({ op: D2 }) }).dims).to.deep.equal([3, 4]);
  });

  it('applies a composition to an NDArray and returns one of shape dimsd', () => {
    const D2 = new Diagonal({ diag: Array.from(randomData(12, 'float64', 1)), dims: [3, 4] });
    const R = new Restriction({ dims: [3, 4], iava: [0, 2], axis: 0 });
    const y = R.dot(D2).matvec(NDArray.random([3, 4], 2));
    expect(y).to.be.instanceOf(NDArray);
    expect(y.shape).to.deep.equal([2, 4]);
    expect(R.dot(D2).H.rmatvec(NDArray.random([3, 4], 3)).shape).to.deep.equal([2, 4]);
  });
});
