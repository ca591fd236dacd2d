import { type DType, type FloatArray, alloc, isComplex, prod } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { placeAxis, sliceAxis } from '../core/halo.ts';
import { type AxisKernel, localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseArray, parseAxis, parseDims, parseDType, specArray } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { type ConvolveKernel, convolveKernel } from './convolveKernel.ts';

export interface Convolve1DParams {
  /** Model shape. */
  dims: number | readonly number[];
  /** The filter: real values (complex dtypes: interleaved pairs with zero imaginary parts). */
  h: ArrayLike<number>;
  /** Index of the filter's centre, an integer in [0, len(h) - 1] ([0, dims[axis] - 1] for a filter longer than the axis). @defaultValue 0 */
  offset?: number;
  /** Axis along which to convolve. @defaultValue -1 */
  axis?: number;
  /** PyLops' method: `direct` or `fft` for 1-D dims, `fft` or `overlapadd` otherwise; the result is the same. @defaultValue 'direct' (1-D), 'fft' (N-D) */
  method?: string;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

/**
 * One-dimensional convolution with a compact filter along an axis (PyLops' `Convolve1D`).
 *
 * Forward: y[i] = sum_j h[j] x[i - j + offset], x = 0 outside [0, n) (n = dims[axis]); odd and even
 * filters alike; `offset = 0` is causal, `offset = len(h) // 2` centres an odd filter.
 * Adjoint (correlation): x[k] = sum_j h[j] y[k + j - offset].
 * A filter longer than the axis (PyLops' `_Convolve1Dlong`) gives dimsd[axis] = len(h) with the same
 * formula for i in [0, len(h)); otherwise dimsd = dims.
 *
 * The work is done by an AxisKernel (`axisKernel()`) shared with the partition actors. For a filter
 * longer than the axis the local operator zero-pads the model to len(h) before the kernel's forward and
 * keeps the first n samples after its adjoint.
 *
 * @example
 * const C = new Convolve1D({ dims: 5, h: [1, 2, 1], offset: 1 });
 * C.matvec(new Float64Array([0, 0, 1, 0, 0])); // [0, 1, 2, 1, 0]
 */
export class Convolve1D extends LinearOperator {
  /** The filter as given, in the precision of `dtype` (complex interleaved for complex dtypes). */
  readonly h: FloatArray;
  readonly offset: number;
  readonly axis: number;
  readonly method: string;
  private readonly kernel: ConvolveKernel;

  /** `filter` (internal): an exact Float64 filter that replaces `params.h` (the smoothing operators' box). */
  constructor(params: Convolve1DParams, filter?: Float64Array) {
    const name = new.target.name;
    const dtype = parseDType(name, params.dtype);
    const dims = parseDims(name, params.dims);
    const axis = parseAxis(name, params.axis ?? -1, dims.length);
    const stored = filter ?? parseArray(name, 'h', oneDimensional(name, params.h), dtype);
    const h = filter ?? realFilter(name, stored, dtype);
    if (h.length === 0) throw new InvalidParameterError(name, 'h', params.h, 'a non-empty array');
    const n = dims[axis];
    const offset = parseOffset(name, params.offset, h.length > n ? n : h.length, h.length > n ? 'dims[axis]' : 'len(h)');
    const dimsd = dims.map((d, a) => (a === axis ? Math.max(d, h.length) : d));
    super({ dims, dimsd, dtype });
    this.h = stored;
    this.offset = offset;
    this.axis = axis;
    this.method = parseMethod(name, params.method, dims.length);
    this.kernel = convolveKernel(h, offset);
  }

  /** The pure kernel along `axis` (input and output share the axis length dimsd[axis]). */
  axisKernel(): AxisKernel {
    return this.kernel;
  }

  /** True when the filter is longer than the axis: the model is zero-padded to dimsd[axis]. */
  get isLong(): boolean {
    return this.dimsd[this.axis] !== this.dims[this.axis];
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dimsd));
    const input = this.isLong ? this.resize(x, false) : x;
    this.kernel.forward(input, y, localWindow(this.dimsd, this.axis, isComplex(this.dtype)));
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.dtype, prod(this.dimsd));
    this.kernel.adjoint(y, x, localWindow(this.dimsd, this.axis, isComplex(this.dtype)));
    return this.isLong ? this.resize(x, true) : x;
  }

  /** Zero-pads the model from n to dimsd[axis] samples along the axis, or keeps the first n (`truncate`). */
  private resize(v: FloatArray, truncate: boolean): FloatArray {
    const { outer, inner } = localWindow(this.dims, this.axis, isComplex(this.dtype));
    const n = this.dims[this.axis];
    const nd = this.dimsd[this.axis];
    if (truncate) return sliceAxis(v, outer, nd, inner, 0, n);
    const out = alloc(this.dtype, prod(this.dimsd));
    placeAxis(out, outer, nd, inner, v, 0, n);
    return out;
  }

  toSpec(): Spec {
    const { dims, h, offset, axis, method, dtype } = this;
    return { op: 'Convolve1D', params: { dims: [...dims], h: specArray(h), offset, axis, method, dtype } };
  }
}

/** The real filter of a (possibly complex-interleaved) stored `h`; complex filters are not supported. */
function realFilter(name: string, stored: FloatArray, dtype: DType): Float64Array {
  if (!isComplex(dtype)) return Float64Array.from(stored);
  const re = new Float64Array(stored.length / 2);
  for (let j = 0; j < re.length; j++) {
    if (stored[2 * j + 1] !== 0) throw new InvalidParameterError(name, 'h', specArray(stored), 'a real filter (zero imaginary parts)');
    re[j] = stored[2 * j];
  }
  return re;
}

/** PyLops also takes an N-D `h` (one filter per slice); only 1-D filters are supported here. */
function oneDimensional(name: string, h: unknown): unknown {
  const shape = h && typeof h === 'object' && !Array.isArray(h) && !ArrayBuffer.isView(h) ? (h as { shape?: unknown }).shape : undefined;
  if (Array.isArray(shape) && shape.length !== 1) throw new InvalidParameterError(name, 'h', { shape }, 'a 1-D filter (N-D filters are not supported)');
  return h;
}

function parseOffset(name: string, offset: unknown, limit: number, what: string): number {
  const value = offset ?? 0;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > limit - 1) {
    throw new InvalidParameterError(name, 'offset', offset, `an integer in [0, ${limit - 1}] (${what} - 1)`);
  }
  return value as number;
}

/** PyLops' choice: `direct`/`fft` for a 1-D model (default direct), `fft`/`overlapadd` otherwise (default fft). */
function parseMethod(name: string, method: unknown, ndim: number): string {
  const allowed = ndim === 1 ? ['direct', 'fft'] : ['fft', 'overlapadd'];
  if (method === undefined || method === null) return allowed[0];
  if (!allowed.includes(method as string)) throw new InvalidParameterError(name, 'method', method, `one of ${allowed.join(', ')} for ${ndim}-D dims`);
  return method as string;
}

registerOperator('Convolve1D', (p) => new Convolve1D(p as unknown as Convolve1DParams));
