import { type DType, type FloatArray, alloc, isComplex, isFloatArray, prod } from './dtype.ts';
import { DTypeError, InvalidParameterError, ShapeMismatchError } from './errors.ts';
import { NDArray } from './NDArray.ts';

/** A serialised operator: the `op` and `params` fields of the reference vectors. */
export interface Spec {
  op: string;
  params: Record<string, unknown>;
}

/** Geometry of an operator: model shape `dims`, data shape `dimsd`, element type. */
export interface OperatorInit {
  dims: readonly number[];
  dimsd: readonly number[];
  dtype: DType;
  /** Model side holds complex values (default: `dtype` is complex). FFT of a real model sets false. */
  modelComplex?: boolean;
  /** Data side holds complex values (default: `dtype` is complex). */
  dataComplex?: boolean;
}

/** Marks values that live in partition actors (DistributedArray); the actors layer implements it. */
export const DISTRIBUTED: unique symbol = Symbol.for('actorlops.distributed');
export interface DistributedLike {
  readonly [DISTRIBUTED]: true;
}

/** Late-bound pieces that live in other files or layers (algebra classes, distributed protocol, solvers). */
export interface OperatorHooks {
  adjoint(a: LinearOperator): LinearOperator;
  transpose(a: LinearOperator): LinearOperator;
  conj(a: LinearOperator): LinearOperator;
  product(a: LinearOperator, b: LinearOperator): LinearOperator;
  sum(a: LinearOperator, b: LinearOperator): LinearOperator;
  scaled(a: LinearOperator, s: number | readonly [number, number]): LinearOperator;
  power(a: LinearOperator, p: number): LinearOperator;
  /** Runs the operator's message protocol on a distributed input (set by actors/). */
  applyDistributed?(op: LinearOperator, x: DistributedLike, adjoint: boolean): DistributedLike;
  /** Solves `op x = y` in the least-squares sense (set by solvers/: cgls). */
  div?(op: LinearOperator, y: unknown, opts?: Record<string, unknown>): Promise<unknown>;
}
export const hooks: Partial<OperatorHooks> = {};

function hook<K extends keyof OperatorHooks>(k: K): NonNullable<OperatorHooks[K]> {
  const f = hooks[k];
  if (!f) throw new Error(`actorlops: ${k} is not installed; import operators from the package entry (index.ts)`);
  return f as NonNullable<OperatorHooks[K]>;
}

/**
 * A matrix-free linear operator A: R^M (or C^M) -> R^N (or C^N), PyLops v2 style.
 *
 * `matvec(x)` computes y = A x and `rmatvec(y)` computes x = A^H y. Inputs are flat C-order typed arrays
 * over `dims` (model) or `dimsd` (data), complex as interleaved pairs, or NDArrays (the result is then an
 * NDArray too), or DistributedArrays (the operator then runs as a message protocol in the actors).
 * `shape` is `[prod(dimsd), prod(dims)]`.
 *
 * Subclasses implement `forward` and `adjoint` on validated flat arrays, and `toSpec`.
 */
export abstract class LinearOperator {
  readonly dims: readonly number[];
  readonly dimsd: readonly number[];
  readonly dtype: DType;
  readonly modelComplex: boolean;
  readonly dataComplex: boolean;

  constructor(init: OperatorInit) {
    this.dims = [...init.dims];
    this.dimsd = [...init.dimsd];
    this.dtype = init.dtype;
    this.modelComplex = init.modelComplex ?? isComplex(init.dtype);
    this.dataComplex = init.dataComplex ?? isComplex(init.dtype);
  }

  /** Name used in specs and error messages. */
  get name(): string {
    return this.constructor.name;
  }

  get shape(): [number, number] {
    return [prod(this.dimsd), prod(this.dims)];
  }

  /** True when every entry of the matrix is real: such an operator acts on re and im parts alike. */
  get isReal(): boolean {
    return !this.modelComplex && !this.dataComplex && !isComplex(this.dtype);
  }

  /** y = A x on a flat array of the model's length (complex interleaved when `modelComplex`). */
  protected abstract forward(x: FloatArray): FloatArray;
  /** x = A^H y on a flat array of the data's length. */
  protected abstract adjoint(y: FloatArray): FloatArray;
  /** The plain spec that `fromSpec` turns back into an equal operator. */
  abstract toSpec(): Spec;

  /** y = A x. */
  matvec(x: FloatArray): FloatArray;
  matvec(x: NDArray): NDArray;
  matvec<D extends DistributedLike>(x: D): D;
  matvec(x: FloatArray | NDArray | DistributedLike): FloatArray | NDArray | DistributedLike {
    return this.apply(x, false);
  }

  /** x = A^H y. */
  rmatvec(y: FloatArray): FloatArray;
  rmatvec(y: NDArray): NDArray;
  rmatvec<D extends DistributedLike>(y: D): D;
  rmatvec(y: FloatArray | NDArray | DistributedLike): FloatArray | NDArray | DistributedLike {
    return this.apply(y, true);
  }

  /** Applies forward or adjoint to any supported input kind; used by matvec/rmatvec and the algebra. */
  apply(v: FloatArray | NDArray | DistributedLike, adjoint: boolean): FloatArray | NDArray | DistributedLike {
    if (v instanceof NDArray) {
      const out = this.applyFlat(v.data, adjoint);
      const cplx = out.length === 2 * prod(adjoint ? this.dims : this.dimsd);
      const dtype = (out instanceof Float32Array ? (cplx ? 'complex64' : 'float32') : cplx ? 'complex128' : 'float64') as DType;
      return new NDArray(out, adjoint ? this.dims : this.dimsd, dtype);
    }
    if (v && (v as DistributedLike)[DISTRIBUTED]) return hook('applyDistributed')(this, v as DistributedLike, adjoint);
    return this.applyFlat(v as FloatArray, adjoint);
  }

  /** Validates a flat input, bridges real/complex, and calls forward or adjoint. */
  applyFlat(v: FloatArray, adjoint: boolean): FloatArray {
    const what = `${this.name}.${adjoint ? 'rmatvec' : 'matvec'}`;
    if (!isFloatArray(v)) throw new DTypeError(what, 'a Float64Array or Float32Array', describe(v));
    const n = prod(adjoint ? this.dimsd : this.dims);
    const cplx = adjoint ? this.dataComplex : this.modelComplex;
    const run = (u: FloatArray) => (adjoint ? this.adjoint(u) : this.forward(u));
    if (v.length === (cplx ? 2 * n : n)) return run(v);
    if (!cplx && v.length === 2 * n && this.isReal) return applyToParts(v, run);
    if (cplx && v.length === n) return run(toComplex(v));
    throw new ShapeMismatchError(what, adjoint ? this.dimsd : this.dims, [v.length], `expected ${cplx ? 2 * n : n} numbers (${cplx ? 'complex interleaved' : 'real'})`);
  }

  /** A^H (conjugate transpose). */
  get H(): LinearOperator {
    return hook('adjoint')(this);
  }
  /** A^T (transpose without conjugation). */
  get T(): LinearOperator {
    return hook('transpose')(this);
  }
  /** conj(A). */
  conj(): LinearOperator {
    return hook('conj')(this);
  }
  /** A B (B applied first), PyLops' `A @ B`. */
  dot(b: LinearOperator): LinearOperator {
    return hook('product')(this, b);
  }
  /** Alias of `dot`. */
  times(b: LinearOperator): LinearOperator {
    return this.dot(b);
  }
  plus(b: LinearOperator): LinearOperator {
    return hook('sum')(this, b);
  }
  minus(b: LinearOperator): LinearOperator {
    return hook('sum')(this, b.neg());
  }
  neg(): LinearOperator {
    return this.scale(-1);
  }
  /** s A; `s` a number or a complex `[re, im]`. */
  scale(s: number | readonly [number, number]): LinearOperator {
    return hook('scaled')(this, s);
  }
  /** A applied p times (A square). */
  pow(p: number): LinearOperator {
    if (!Number.isInteger(p) || p < 1) throw new InvalidParameterError(`${this.name}.pow`, 'p', p, 'an integer >= 1');
    return hook('power')(this, p);
  }
  /** PyLops' `A / y`: the least-squares solution of A x = y (cgls). */
  div(y: unknown, opts?: Record<string, unknown>): Promise<unknown> {
    return hook('div')(this, y, opts);
  }

  /** The dense matrix, shape [N, M] (complex interleaved if the operator is complex); small operators only. */
  todense(): NDArray {
    const [nRows, nCols] = this.shape;
    const cplx = this.dataComplex || this.modelComplex || isComplex(this.dtype);
    const dtype: DType = cplx ? (this.dtype === 'float32' || this.dtype === 'complex64' ? 'complex64' : 'complex128') : this.dtype;
    const dense = alloc(dtype, nRows * nCols);
    const e = alloc(this.modelComplex ? 'complex128' : 'float64', nCols);
    const step = this.modelComplex ? 2 : 1;
    for (let j = 0; j < nCols; j++) {
      e.fill(0);
      e[j * step] = 1;
      const col = this.applyFlat(e, false);
      for (let i = 0; i < nRows; i++) {
        if (cplx) {
          const re = this.dataComplex ? col[2 * i] : col[i];
          const im = this.dataComplex ? col[2 * i + 1] : 0;
          dense[2 * (i * nCols + j)] = re;
          dense[2 * (i * nCols + j) + 1] = im;
        } else dense[i * nCols + j] = col[i];
      }
    }
    return new NDArray(dense, [nRows, nCols], dtype);
  }

  toString(): string {
    return `<${this.shape[0]}x${this.shape[1]} ${this.name} with dtype=${this.dtype}>`;
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'a plain Array';
  return typeof v === 'object' ? (v as object).constructor?.name ?? 'object' : typeof v;
}

/** A real operator on complex input: apply to the real and imaginary parts separately. */
function applyToParts(v: FloatArray, run: (u: FloatArray) => FloatArray): FloatArray {
  const n = v.length / 2;
  const Ctor = v.constructor as Float64ArrayConstructor;
  const re = new Ctor(n);
  const im = new Ctor(n);
  for (let i = 0; i < n; i++) {
    re[i] = v[2 * i];
    im[i] = v[2 * i + 1];
  }
  const a = run(re);
  const b = run(im);
  const out = new (a.constructor as Float64ArrayConstructor)(2 * a.length);
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = a[i];
    out[2 * i + 1] = b[i];
  }
  return out;
}

/** Real values as complex interleaved pairs with zero imaginary parts. */
export function toComplex(v: FloatArray): FloatArray {
  const out = new (v.constructor as Float64ArrayConstructor)(2 * v.length);
  for (let i = 0; i < v.length; i++) out[2 * i] = v[i];
  return out;
}
