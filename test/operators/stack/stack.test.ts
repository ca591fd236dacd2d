import { expect } from 'chai';
import {
  Block,
  BlockDiag,
  type DType,
  Diagonal,
  HStack,
  Identity,
  type LinearOperator,
  VStack,
  Zero,
  dottest,
  fromSpec,
  isSingle,
  prod,
} from '../../../index.ts';
import { type CMatrix, dense, maxDiff, randomData, randomDiagonal, randomMatrix } from '../basic/fixtures.ts';

/** Dense block matrix from a grid of dense blocks (rows of blocks, each row the same height). */
function blocks(grid: CMatrix[][]): CMatrix {
  return grid.flatMap((row) => row[0].map((_, i) => row.flatMap((b) => b[i])));
}
const zeros = (n: number, m: number): CMatrix => Array.from({ length: n }, () => Array.from({ length: m }, (): [number, number] => [0, 0]));

interface Case {
  name: string;
  build: (d: DType) => LinearOperator;
  expected: (d: DType) => CMatrix;
  dims: number[];
  dimsd: number[];
}

const M = (n: number, m: number, d: DType, seed: number) => randomMatrix(n, m, d, seed);
const D = (n: number, d: DType, seed: number) => randomDiagonal(n, d, seed);

const cases: Case[] = [
  {
    name: 'VStack [M 6x8; Diagonal 8; Identity 8]',
    build: (d) => new VStack({ ops: [M(6, 8, d, 1), D(8, d, 2), new Identity({ N: 8, dtype: d })], dtype: d }),
    expected: (d) => blocks([[dense(M(6, 8, d, 1))], [dense(D(8, d, 2))], [dense(new Identity({ N: 8, dtype: d }))]]),
    dims: [8],
    dimsd: [22],
  },
  {
    name: 'VStack of two 2-D Diagonals (common dims kept)',
    build: (d) => new VStack({ ops: [new Diagonal({ diag: Array.from(randomData(6, d, 3)), dims: [2, 3], dtype: d }), new Identity({ N: 6, dtype: d })], dtype: d }),
    expected: (d) => blocks([[dense(new Diagonal({ diag: Array.from(randomData(6, d, 3)), dims: [2, 3], dtype: d }))], [dense(new Identity({ N: 6, dtype: d }))]]),
    dims: [6],
    dimsd: [12],
  },
  {
    name: 'HStack [M 6x8, Diagonal 6, M 6x3]',
    build: (d) => new HStack({ ops: [M(6, 8, d, 4), D(6, d, 5), M(6, 3, d, 6)] }),
    expected: (d) => blocks([[dense(M(6, 8, d, 4)), dense(D(6, d, 5)), dense(M(6, 3, d, 6))]]),
    dims: [17],
    dimsd: [6],
  },
  {
    name: 'BlockDiag (M 8x6, Diagonal 6) with equal dims',
    build: (d) => new BlockDiag({ ops: [M(8, 6, d, 7), D(6, d, 8)] }),
    expected: (d) => blocks([[dense(M(8, 6, d, 7)), zeros(8, 6)], [zeros(6, 6), dense(D(6, d, 8))]]),
    dims: [2, 6],
    dimsd: [14],
  },
  {
    name: 'BlockDiag (Diagonal 4, M 3x5, Zero 2x2)',
    build: (d) => new BlockDiag({ ops: [D(4, d, 9), M(3, 5, d, 10), new Zero({ N: 2, dtype: d })], dtype: d }),
    expected: (d) =>
      blocks([
        [dense(D(4, d, 9)), zeros(4, 5), zeros(4, 2)],
        [zeros(3, 4), dense(M(3, 5, d, 10)), zeros(3, 2)],
        [zeros(2, 4), zeros(2, 5), zeros(2, 2)],
      ]),
    dims: [11],
    dimsd: [9],
  },
  {
    name: 'Block [[M 6x8, Diagonal 6], [M 8x8, M 8x6]]',
    build: (d) => new Block({ ops: [[M(6, 8, d, 11), D(6, d, 12)], [M(8, 8, d, 13), M(8, 6, d, 14)]] }),
    expected: (d) => blocks([[dense(M(6, 8, d, 11)), dense(D(6, d, 12))], [dense(M(8, 8, d, 13)), dense(M(8, 6, d, 14))]]),
    dims: [14],
    dimsd: [14],
  },
  {
    name: 'Block with rows split at different columns [[M 2x3, M 2x4], [M 5x6, Identity 5x1]]',
    build: (d) => new Block({ ops: [[M(2, 3, d, 15), M(2, 4, d, 16)], [M(5, 6, d, 17), new Identity({ N: 5, M: 1, dtype: d })]] }),
    expected: (d) => [
      ...blocks([[dense(M(2, 3, d, 15)), dense(M(2, 4, d, 16))]]),
      ...blocks([[dense(M(5, 6, d, 17)), dense(new Identity({ N: 5, M: 1, dtype: d }))]]),
    ],
    dims: [7],
    dimsd: [7],
  },
];

const dtypes: DType[] = ['float64', 'float32', 'complex128', 'complex64'];

describe('block operators', () => {
  for (const c of cases) {
    for (const d of dtypes) {
      const tol = isSingle(d) ? 1e-4 : 1e-12;
      it(`passes the dot test for ${c.name} in ${d}`, () => {
        expect(dottest(c.build(d))).to.equal(true);
      });
      it(`equals the dense block matrix for ${c.name} in ${d}`, () => {
        const op = c.build(d);
        expect([op.dims, op.dimsd, op.dtype]).to.deep.equal([c.dims, c.dimsd, d]);
        expect(maxDiff(dense(op), c.expected(d))).to.be.at.most(tol);
      });
      it(`round-trips ${c.name} in ${d} through toSpec and JSON`, () => {
        const op = c.build(d);
        const x = randomData(prod(op.dims), d, 3);
        expect(fromSpec(JSON.parse(JSON.stringify(op.toSpec()))).matvec(x)).to.deep.equal(op.matvec(x));
      });
    }
  }

  it('runs real items of a complex stack on re and im parts', () => {
    const op = new VStack({ ops: [randomMatrix(3, 4, 'complex128', 1), randomDiagonal(4, 'float64', 2)] });
    expect(op.dtype).to.equal('complex128');
    expect(dottest(op)).to.equal(true);
    const x = randomData(4, 'complex128', 3);
    const y = op.matvec(x);
    const d = randomDiagonal(4, 'float64', 2).diag;
    expect(Array.from(y.subarray(6))).to.deep.equal(Array.from(x, (v, i) => v * d[Math.floor(i / 2)]));
  });

  it('takes a promoted dtype when none is given and params.dtype when it is', () => {
    expect(new HStack({ ops: [randomMatrix(2, 2, 'float32'), randomMatrix(2, 2, 'float64')] }).dtype).to.equal('float64');
    expect(new HStack({ ops: [randomMatrix(2, 2, 'float32'), randomMatrix(2, 2, 'float32')] }).dtype).to.equal('float32');
    expect(new VStack({ ops: [randomMatrix(2, 2)], dtype: 'float32' }).dtype).to.equal('float32');
  });

  it('flattens dims when forceflat is set', () => {
    const D2 = new Diagonal({ diag: new Array(6).fill(1), dims: [2, 3] });
    expect(new VStack({ ops: [D2, D2] }).dims).to.deep.equal([2, 3]);
    expect(new VStack({ ops: [D2, D2], forceflat: true }).dims).to.deep.equal([6]);
    expect(new BlockDiag({ ops: [D2, D2] }).dims).to.deep.equal([2, 2, 3]);
    expect(new HStack({ ops: [D2, D2] }).dimsd).to.deep.equal([2, 3]);
  });
});
