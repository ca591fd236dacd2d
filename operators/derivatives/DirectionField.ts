import { type DType, type FloatArray, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { parseArray, parseMatrix } from '../core/params.ts';

/**
 * The direction `v` of a directional derivative: one vector for every point (length ndim), or a field of
 * shape [ndim, ...dims] (complex interleaved for complex dtypes). Component k at point i is v_k[i].
 */
export class DirectionField {
  private constructor(
    /** Number of components (ndim). */
    readonly ndim: number,
    /** Points per component (prod(dims)). */
    readonly points: number,
    readonly complex: boolean,
    /** True when `data` holds one vector shared by every point. */
    readonly constant: boolean,
    readonly data: FloatArray,
  ) {}

  /** Parses PyLops' `v`: a flat list of ndim numbers, or `{shape: [ndim, ...dims], data}`. */
  static parse(op: string, v: unknown, dims: readonly number[], dtype: DType): DirectionField {
    const ndim = dims.length;
    const complex = isComplex(dtype);
    const field = v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
    if (!field) {
      const data = parseArray(op, 'v', v, dtype);
      if (data.length !== (complex ? 2 : 1) * ndim) throw new InvalidParameterError(op, 'v', v, `a direction of ${ndim} ${complex ? 'complex ' : ''}numbers (one per axis)`);
      return new DirectionField(ndim, prod(dims), complex, true, data);
    }
    const { shape, data } = parseMatrix(op, 'v', v, dtype);
    const want = [ndim, ...dims];
    if (shape.length !== want.length || shape.some((n, i) => n !== want[i]) || data.length !== (complex ? 2 : 1) * prod(want)) {
      throw new InvalidParameterError(op, 'v', { shape }, `a field of shape [${want.join(', ')}] with matching data`);
    }
    return new DirectionField(ndim, prod(dims), complex, false, data);
  }

  /** The spec form of `v` (a flat list, or {shape, data}). */
  toSpec(dims: readonly number[]): number[] | { shape: number[]; data: number[] } {
    return this.constant ? Array.from(this.data) : { shape: [this.ndim, ...dims], data: Array.from(this.data) };
  }

  /**
   * out = v_k ⊙ g, or out = out + v_k ⊙ g when `accumulate` (conj(v_k) when `conj`), per point.
   * `g` and `out` hold one component (points samples, complex interleaved when complex).
   */
  multiply(k: number, g: FloatArray, out: FloatArray, accumulate: boolean, conj: boolean): void {
    if (!accumulate) out.fill(0, 0, g.length); // then out = 0 + v g, the same bits as v g
    if (!this.complex) {
      const v = this.data;
      if (this.constant) for (let i = 0; i < g.length; i++) out[i] = out[i] + v[k] * g[i];
      else for (let i = 0, o = k * this.points; i < g.length; i++) out[i] = out[i] + v[o + i] * g[i];
      return;
    }
    const sign = conj ? -1 : 1;
    const step = this.constant ? 0 : 2; // field: v advances with the points; constant: stays at component k
    const base = this.constant ? 2 * k : 2 * k * this.points;
    for (let i = 0, j = base; i < g.length; i += 2, j += step) {
      const vr = this.data[j];
      const vi = sign * this.data[j + 1];
      out[i] = out[i] + (vr * g[i] - vi * g[i + 1]); // (vr + i vi)(gr + i gi)
      out[i + 1] = out[i + 1] + (vr * g[i + 1] + vi * g[i]);
    }
  }
}
