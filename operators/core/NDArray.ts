import { type DType, type FloatArray, alloc, isComplex, isSingle, prod } from './dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from './errors.ts';

/**
 * A local N-D array: a flat typed array plus a shape, C (row-major) order. Complex values are stored
 * as interleaved `[re, im]` pairs, so `data.length === 2 * size` for complex dtypes.
 *
 * @example
 * const a = NDArray.zeros([11, 21]);
 * a.set([5, 10], 1); // a spike
 */
export class NDArray {
  readonly size: number;

  constructor(
    readonly data: FloatArray,
    readonly shape: readonly number[],
    readonly dtype: DType = data instanceof Float32Array ? 'float32' : 'float64',
  ) {
    this.size = prod(checkShape(shape));
    const expected = isComplex(dtype) ? 2 * this.size : this.size;
    if (data.length !== expected) {
      throw new ShapeMismatchError('NDArray', [...shape], [data.length], `a ${dtype} array of this shape holds ${expected} numbers`);
    }
    if (isSingle(dtype) !== data instanceof Float32Array) {
      throw new InvalidParameterError('NDArray', 'dtype', dtype, `the precision of its data (${data.constructor.name})`);
    }
  }

  get ndim(): number {
    return this.shape.length;
  }

  static zeros(shape: readonly number[], dtype: DType = 'float64'): NDArray {
    return new NDArray(alloc(dtype, prod(checkShape(shape))), shape, dtype);
  }

  static ones(shape: readonly number[], dtype: DType = 'float64'): NDArray {
    const a = NDArray.zeros(shape, dtype);
    const step = isComplex(dtype) ? 2 : 1;
    for (let i = 0; i < a.data.length; i += step) a.data[i] = 1;
    return a;
  }

  /** Uniform numbers in [-1, 1) from a seeded generator, the same for the same seed on every machine. */
  static random(shape: readonly number[], seed = 0, dtype: DType = 'float64'): NDArray {
    const a = NDArray.zeros(shape, dtype);
    const next = mulberry32(seed);
    for (let i = 0; i < a.data.length; i++) a.data[i] = 2 * next() - 1;
    return a;
  }

  /** Builds an array from nested JS arrays (`[[1, 2], [3, 4]]`); real dtypes only. */
  static fromNested(nested: unknown, dtype: DType = 'float64'): NDArray {
    const shape: number[] = [];
    for (let v = nested; Array.isArray(v); v = v[0]) shape.push(v.length);
    const flat = (nested as unknown[]).flat(Infinity) as number[];
    if (flat.length !== prod(shape) || flat.some((v) => typeof v !== 'number')) {
      throw new InvalidParameterError('NDArray.fromNested', 'nested', nested, 'a rectangular nested array of numbers');
    }
    const a = NDArray.zeros(shape, dtype);
    a.data.set(flat);
    return a;
  }

  /** Nested JS arrays of the values (complex values as `[re, im]` pairs). */
  toNested(): unknown {
    const cplx = isComplex(this.dtype);
    const leaf = (i: number): unknown => (cplx ? [this.data[2 * i], this.data[2 * i + 1]] : this.data[i]);
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return leaf(offset);
      const stride = prod(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis] }, (_, k) => build(axis + 1, offset + k * stride));
    };
    return build(0, 0);
  }

  /** A view with another shape of the same size (no copy). */
  reshape(shape: readonly number[]): NDArray {
    if (prod(shape) !== this.size) throw new ShapeMismatchError('NDArray.reshape', [...this.shape], [...shape], 'sizes differ');
    return new NDArray(this.data, shape, this.dtype);
  }

  /** Value at a multi-index (real part for complex arrays). */
  get(index: readonly number[]): number {
    return this.data[this.offset(index) * (isComplex(this.dtype) ? 2 : 1)];
  }

  set(index: readonly number[], value: number): void {
    this.data[this.offset(index) * (isComplex(this.dtype) ? 2 : 1)] = value;
  }

  private offset(index: readonly number[]): number {
    let k = 0;
    for (let a = 0; a < this.shape.length; a++) k = k * this.shape[a] + index[a];
    return k;
  }
}

function checkShape(shape: readonly number[]): readonly number[] {
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InvalidParameterError('NDArray', 'shape', shape, 'a list of non-negative integers');
  }
  return shape;
}

/** numpy-style `allclose`: |a - b| <= atol + rtol |b| elementwise, same length. */
export function allclose(a: ArrayLike<number> | NDArray, b: ArrayLike<number> | NDArray, rtol = 1e-5, atol = 1e-8): boolean {
  const x = a instanceof NDArray ? a.data : a;
  const y = b instanceof NDArray ? b.data : b;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) return false;
  }
  return true;
}

/** Relative L2 error ||a - b|| / ||b|| (absolute when b is zero), as the reference checks use. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    num += d * d;
    den += b[i] * b[i];
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** A small, fast seeded PRNG (mulberry32) giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
