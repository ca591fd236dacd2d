import { type DType, type FloatArray, alloc, prod } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseBool, parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';

export interface IdentityParams {
  /** Rows: the data size (an int, or dims for an N-D data side). */
  N: number | readonly number[];
  /** Columns: the model size. @defaultValue N */
  M?: number | readonly number[];
  /** PyLops' in-place flag; accepted for compatibility (outputs are always new arrays here). @defaultValue true */
  inplace?: boolean;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * The identity, or its rectangular form (N rows, M columns).
 *
 * Forward: y[i] = x[i] for i < min(N, M), and y[i] = 0 for M <= i < N (zero padding at the end when
 * N > M; the first N samples when N < M). Adjoint: the reverse, x[i] = y[i] for i < min(N, M), else 0.
 * dims = [M], dimsd = [N].
 *
 * @example
 * const I = new Identity({ N: 5, M: 3 });
 * I.matvec(new Float64Array([1, 2, 3])); // [1, 2, 3, 0, 0]
 */
export class Identity extends LinearOperator {
  constructor(params: IdentityParams) {
    const dtype = parseDType('Identity', params.dtype);
    const dimsd = parseDims('Identity', params.N, 'N');
    const dims = params.M === undefined || params.M === null ? dimsd : parseDims('Identity', params.M, 'M');
    parseBool('Identity', 'inplace', params.inplace, true);
    super({ dims, dimsd, dtype });
  }

  protected forward(x: FloatArray): FloatArray {
    return this.copyHead(x, prod(this.dimsd)); // y[i] = x[i], i < min(N, M)
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.copyHead(y, prod(this.dims)); // x[i] = y[i], i < min(N, M)
  }

  /** A new array of `n` values holding the leading values of `v` (zero-padded or truncated). */
  private copyHead(v: FloatArray, n: number): FloatArray {
    const out = alloc(this.dtype, n);
    out.set(v.length <= out.length ? v : v.subarray(0, out.length));
    return out;
  }

  toSpec(): Spec {
    const spec = (d: readonly number[]) => (d.length === 1 ? d[0] : [...d]);
    return { op: 'Identity', params: { N: spec(this.dimsd), M: spec(this.dims), dtype: this.dtype } };
  }
}

registerOperator('Identity', (p) => new Identity(p as unknown as IdentityParams));
