import { type DType, type FloatArray, Diagonal, type LinearOperator, MatrixMult, NDArray, isComplex, isSingle, mulberry32 } from '../../../index.ts';

/** Test fixtures shared by the basic, algebra and stack operator tests. */

/** Seeded uniform numbers in [-1, 1) in the storage of `dtype` (2n numbers for complex). */
export function randomData(n: number, dtype: DType, seed = 1): FloatArray {
  const next = mulberry32(seed);
  const len = isComplex(dtype) ? 2 * n : n;
  const xs = Array.from({ length: len }, () => 2 * next() - 1);
  return isSingle(dtype) ? Float32Array.from(xs) : Float64Array.from(xs);
}

/** A random dense n x m MatrixMult. */
export function randomMatrix(n: number, m: number, dtype: DType = 'float64', seed = 1): MatrixMult {
  return new MatrixMult({ A: { shape: [n, m], data: Array.from(randomData(n * m, dtype, seed)) }, dtype });
}

/** A random Diagonal of length n. */
export function randomDiagonal(n: number, dtype: DType = 'float64', seed = 2): Diagonal {
  return new Diagonal({ diag: Array.from(randomData(n, dtype, seed)), dtype });
}

/** A dense matrix as complex [re, im] rows (real matrices get zero imaginary parts). */
export type CMatrix = [number, number][][];

export function dense(op: LinearOperator): CMatrix {
  const d: NDArray = op.todense();
  const [n, m] = d.shape;
  const cplx = isComplex(d.dtype);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j): [number, number] => (cplx ? [d.data[2 * (i * m + j)], d.data[2 * (i * m + j) + 1]] : [d.data[i * m + j], 0])),
  );
}

export function matmul(a: CMatrix, b: CMatrix): CMatrix {
  return a.map((row) =>
    b[0].map((_, j) =>
      row.reduce<[number, number]>(([re, im], [ar, ai], k) => [re + ar * b[k][j][0] - ai * b[k][j][1], im + ar * b[k][j][1] + ai * b[k][j][0]], [0, 0]),
    ),
  );
}

/** Conjugate transpose. */
export function hermitian(a: CMatrix): CMatrix {
  return a[0].map((_, j) => a.map((row): [number, number] => [row[j][0], -row[j][1]]));
}

/** Largest |a - b| over the entries (Infinity when shapes differ). */
export function maxDiff(a: CMatrix, b: CMatrix): number {
  if (a.length !== b.length || a[0]?.length !== b[0]?.length) return Infinity;
  let d = 0;
  a.forEach((row, i) => row.forEach(([re, im], j) => (d = Math.max(d, Math.hypot(re - b[i][j][0], im - b[i][j][1])))));
  return d;
}

/** Flat C-order values as complex pairs, for comparisons that ignore real/complex storage. */
export function pairs(v: ArrayLike<number>, complex: boolean): [number, number][] {
  const n = complex ? v.length / 2 : v.length;
  return Array.from({ length: n }, (_, i): [number, number] => (complex ? [v[2 * i], v[2 * i + 1]] : [v[i], 0]));
}

/** C-order multi-index of flat index `k` in `shape`. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = k % shape[a];
    k = Math.floor(k / shape[a]);
  }
  return idx;
}

/** Flat C-order index of a multi-index in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  return idx.reduce((k, i, a) => k * shape[a] + i, 0);
}
