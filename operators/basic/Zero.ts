import { type DType, type FloatArray, alloc, prod } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseDims, parseDType } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';

export interface ZeroParams {
  /** Rows: the data size (an int, or dims for an N-D data side). */
  N: number | readonly number[];
  /** Columns: the model size. @defaultValue N */
  M?: number | readonly number[];
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * The zero operator (N rows, M columns).
 *
 * Forward: y = 0 (length N); adjoint: x = 0 (length M). dims = [M], dimsd = [N].
 *
 * @example
 * new Zero({ N: 3, M: 2 }).matvec(new Float64Array([1, 2])); // [0, 0, 0]
 */
export class Zero extends LinearOperator {
  constructor(params: ZeroParams) {
    const dtype = parseDType('Zero', params.dtype);
    const dimsd = parseDims('Zero', params.N, 'N');
    const dims = params.M === undefined || params.M === null ? dimsd : parseDims('Zero', params.M, 'M');
    super({ dims, dimsd, dtype });
  }

  protected forward(): FloatArray {
    return alloc(this.dtype, prod(this.dimsd)); // y = 0
  }

  protected adjoint(): FloatArray {
    return alloc(this.dtype, prod(this.dims)); // x = 0
  }

  toSpec(): Spec {
    const spec = (d: readonly number[]) => (d.length === 1 ? d[0] : [...d]);
    return { op: 'Zero', params: { N: spec(this.dimsd), M: spec(this.dims), dtype: this.dtype } };
  }
}

registerOperator('Zero', (p) => new Zero(p as unknown as ZeroParams));
