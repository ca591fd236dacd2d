import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseDims, parseDType, parseMatrix, specArray } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';

export interface MatrixMultParams {
  /** The n x m matrix, `{shape: [n, m], data}` in C order (complex interleaved for complex dtypes). */
  A: { shape: readonly number[]; data: ArrayLike<number> };
  /** Trailing model/data dims: A then acts along the first axis of x of shape [m, ...otherdims]. @defaultValue none */
  otherdims?: number | readonly number[];
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * Multiplication by a dense matrix A (n x m).
 *
 * Forward: y[i, k] = sum_j A[i, j] x[j, k]; adjoint: x[j, k] = sum_i conj(A[i, j]) y[i, k], where k runs
 * over the `otherdims` (one column when absent). dims = [m, ...otherdims], dimsd = [n, ...otherdims].
 *
 * @example
 * const M = new MatrixMult({ A: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } });
 * M.matvec(new Float64Array([1, 1, 1])); // [6, 15]
 */
export class MatrixMult extends LinearOperator {
  readonly A: FloatArray;
  readonly otherdims: readonly number[];
  private readonly n: number;
  private readonly m: number;

  constructor(params: MatrixMultParams) {
    const dtype = parseDType('MatrixMult', params.dtype);
    const { shape, data } = parseMatrix('MatrixMult', 'A', params.A, dtype);
    if (shape.length !== 2) throw new InvalidParameterError('MatrixMult', 'A.shape', shape, 'a 2-D shape [n, m]');
    const expected = (isComplex(dtype) ? 2 : 1) * shape[0] * shape[1];
    if (data.length !== expected) {
      throw new ShapeMismatchError('MatrixMult', shape, [data.length], `A.data must hold ${expected} numbers (${isComplex(dtype) ? 'complex interleaved' : 'real'})`);
    }
    const none = params.otherdims === undefined || params.otherdims === null || (Array.isArray(params.otherdims) && params.otherdims.length === 0);
    const otherdims = none ? [] : parseDims('MatrixMult', params.otherdims, 'otherdims');
    const [n, m] = shape;
    super({ dims: [m, ...otherdims], dimsd: [n, ...otherdims], dtype });
    this.A = data;
    this.otherdims = otherdims;
    this.n = n;
    this.m = m;
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dimsd));
    matmul(this.A, x, y, this.n, this.m, prod(this.otherdims), isComplex(this.dtype), false);
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.dtype, prod(this.dims));
    matmul(this.A, y, x, this.n, this.m, prod(this.otherdims), isComplex(this.dtype), true);
    return x;
  }

  toSpec(): Spec {
    const params: Record<string, unknown> = { A: { shape: [this.n, this.m], data: specArray(this.A) }, dtype: this.dtype };
    if (this.otherdims.length > 0) params.otherdims = [...this.otherdims];
    return { op: 'MatrixMult', params };
  }
}

/**
 * Pure kernel: out = A v (v of shape [m, K]) or, with `adjoint`, out = A^H v (v of shape [n, K]).
 * `out` must be zero-filled. Loops run i (rows of A), j (columns), k (the K trailing samples) so that A,
 * v and out are all read in row-major order. Complex arrays are interleaved.
 */
export function matmul(A: FloatArray, v: FloatArray, out: FloatArray, n: number, m: number, K: number, complex: boolean, adjoint: boolean): void {
  if (complex) matmulComplex(A, v, out, n, m, K, adjoint);
  else matmulReal(A, v, out, n, m, K, adjoint);
}

function matmulReal(A: FloatArray, v: FloatArray, out: FloatArray, n: number, m: number, K: number, adjoint: boolean): void {
  if (K === 1) return adjoint ? axpyRows(A, v, out, n, m) : dotRows(A, v, out, n, m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) {
      const a = A[row + j];
      const src = adjoint ? i * K : j * K;
      const dst = adjoint ? j * K : i * K;
      for (let k = 0; k < K; k++) out[dst + k] += a * v[src + k]; // y[i, k] += A[i, j] x[j, k] (adjoint: x[j, k] += A[i, j] y[i, k])
    }
  }
}

/** y[i] = sum_j A[i, j] x[j]: one dot product per row. */
function dotRows(A: FloatArray, x: FloatArray, y: FloatArray, n: number, m: number): void {
  for (let i = 0, row = 0; i < n; i++, row += m) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[row + j] * x[j];
    y[i] = s;
  }
}

/** x[j] += A[i, j] y[i] for every row i: one axpy per row, reading A in row-major order. */
function axpyRows(A: FloatArray, y: FloatArray, x: FloatArray, n: number, m: number): void {
  for (let i = 0, row = 0; i < n; i++, row += m) {
    const yi = y[i];
    for (let j = 0; j < m; j++) x[j] += A[row + j] * yi;
  }
}

function matmulComplex(A: FloatArray, v: FloatArray, out: FloatArray, n: number, m: number, K: number, adjoint: boolean): void {
  const sign = adjoint ? -1 : 1; // conj(A) in the adjoint
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const ar = A[2 * (i * m + j)];
      const ai = sign * A[2 * (i * m + j) + 1];
      const src = 2 * (adjoint ? i * K : j * K);
      const dst = 2 * (adjoint ? j * K : i * K);
      for (let k = 0; k < 2 * K; k += 2) {
        const vr = v[src + k];
        const vi = v[src + k + 1];
        out[dst + k] += ar * vr - ai * vi; // (ar + i ai)(vr + i vi)
        out[dst + k + 1] += ar * vi + ai * vr;
      }
    }
  }
}

registerOperator('MatrixMult', (p) => new MatrixMult(p as unknown as MatrixMultParams));
