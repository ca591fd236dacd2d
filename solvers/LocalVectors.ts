import { type FloatArray, isFloatArray } from '../operators/core/dtype.ts';
import { DTypeError, InvalidParameterError, ShapeMismatchError } from '../operators/core/errors.ts';
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import { toComplex } from '../operators/core/LinearOperator.ts';
import { elementwise } from './kernels.ts';
import { normKernel, vdotKernel } from './reductions.ts';
import type { Complex, Role } from './types.ts';
import type { ElementwiseKernel, VectorSpace } from './vectors.ts';

/** Length and layout of each side of a local run. */
export interface LocalLayout {
  /** Number of elements (not numbers) on each side: prod(dims), prod(dimsd). */
  model: number;
  data: number;
  /** Whether each side is complex (interleaved pairs). */
  modelComplex: boolean;
  dataComplex: boolean;
  /** Storage precision. @defaultValue 'float64' */
  precision?: 'float32' | 'float64';
}

/**
 * The vector space of flat local typed arrays (Float64Array or Float32Array, complex interleaved).
 * Handles are the arrays themselves; idempotency keys are ignored (nothing is ever replayed). Dot
 * products and norms accumulate in double precision.
 *
 * @example
 * const space = LocalVectors.forOperator(Op, y);
 * const yv = await space.fromLocal(y, 'data', 'k0');
 * const x = await space.apply(Op, yv, true, 'k1'); // Op^H y
 */
export class LocalVectors implements VectorSpace<FloatArray> {
  private readonly complex = new WeakMap<FloatArray, boolean>();

  constructor(readonly layout: LocalLayout) {}

  /**
   * The layout PyLops would use for `Op` and data `y`: the data side is complex if `y` or the
   * operator's data side is; the model side if the operator's model side is, or if a real operator
   * meets complex data.
   */
  static forOperator(op: LinearOperator, y?: FloatArray): LocalVectors {
    const [nData, nModel] = op.shape;
    if (y === undefined) return new LocalVectors({ model: nModel, data: nData, modelComplex: op.modelComplex, dataComplex: op.dataComplex });
    if (!isFloatArray(y)) throw new DTypeError('solver', 'y as a Float64Array or Float32Array', String((y as object)?.constructor?.name ?? typeof y));
    if (y.length !== nData && y.length !== 2 * nData) {
      throw new ShapeMismatchError(`solver(${op.name})`, [nData], [y.length], 'y must have the length of the data side (or twice it, complex)');
    }
    const yComplex = y.length === 2 * nData;
    const dataComplex = op.dataComplex || yComplex;
    const modelComplex = op.modelComplex || (yComplex && op.isReal);
    return new LocalVectors({ model: nModel, data: nData, modelComplex, dataComplex, precision: y instanceof Float32Array ? 'float32' : 'float64' });
  }

  /** Number of numbers of a vector on side `role`. */
  length(role: Role): number {
    const n = this.layout[role];
    return (role === 'model' ? this.layout.modelComplex : this.layout.dataComplex) ? 2 * n : n;
  }

  private alloc(len: number): FloatArray {
    return this.layout.precision === 'float32' ? new Float32Array(len) : new Float64Array(len);
  }
  private track(v: FloatArray, complex: boolean): FloatArray {
    this.complex.set(v, complex);
    return v;
  }
  private isCplx(v: FloatArray): boolean {
    const c = this.complex.get(v);
    if (c === undefined) throw new InvalidParameterError('LocalVectors', 'vector', `${v.constructor.name}(${v.length})`, 'a vector created by this space');
    return c;
  }

  async apply(op: LinearOperator, v: FloatArray, adjoint: boolean, _key?: string): Promise<FloatArray> {
    const role: Role = adjoint ? 'model' : 'data';
    let out = op.applyFlat(v, adjoint);
    const want = this.length(role);
    if (out.length * 2 === want) out = toComplex(out);
    if (out.length !== want) throw new ShapeMismatchError(`${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`, [want], [out.length], `the ${role} side of this run`);
    if (this.layout.precision === 'float64' && out instanceof Float32Array) out = Float64Array.from(out);
    return this.track(out, want === 2 * this.layout[role]);
  }

  async zeros(role: Role, _key?: string): Promise<FloatArray> {
    const len = this.length(role);
    return this.track(this.alloc(len), len === 2 * this.layout[role]);
  }

  async copy(v: FloatArray, _key?: string): Promise<FloatArray> {
    return this.track(v.slice(), this.isCplx(v));
  }

  async axpby(a: number, x: FloatArray, b: number, y: FloatArray, _key?: string): Promise<void> {
    if (x.length !== y.length) throw new ShapeMismatchError('LocalVectors.axpby', [y.length], [x.length]);
    if (b === 1) for (let i = 0; i < y.length; i++) y[i] = a * x[i] + y[i];
    else for (let i = 0; i < y.length; i++) y[i] = a * x[i] + b * y[i];
  }

  async scale(a: number, x: FloatArray, _key?: string): Promise<void> {
    for (let i = 0; i < x.length; i++) x[i] = a * x[i];
  }

  async map(kernel: ElementwiseKernel, x: FloatArray, param: number, _key?: string): Promise<void> {
    const f = elementwise[kernel];
    if (!f) throw new InvalidParameterError('LocalVectors.map', 'kernel', kernel, `one of ${Object.keys(elementwise).join(', ')}`);
    f(x, param, this.isCplx(x));
  }

  async dot(a: FloatArray, b: FloatArray, _key?: string): Promise<Complex> {
    if (a.length !== b.length) throw new ShapeMismatchError('LocalVectors.dot', [a.length], [b.length]);
    const [re, im] = vdotKernel(a, b, this.isCplx(a));
    return { re, im };
  }

  async norm(v: FloatArray, _key?: string, ord: 1 | 2 = 2): Promise<number> {
    const s = normKernel(v, this.isCplx(v), ord);
    return ord === 2 ? Math.sqrt(s) : s;
  }

  async free(_v?: FloatArray): Promise<void> {
    /* garbage collected */
  }

  async toLocal(v: FloatArray): Promise<FloatArray> {
    return v.slice();
  }

  async fromLocal(data: FloatArray, role: Role, _key?: string): Promise<FloatArray> {
    const want = this.length(role);
    const n = this.layout[role];
    if (data.length !== want && !(data.length === n && want === 2 * n)) {
      throw new ShapeMismatchError(`LocalVectors.fromLocal(${role})`, [n], [data.length], `expected ${want} numbers`);
    }
    let out = data.length === want ? data.slice() : toComplex(data);
    if (this.layout.precision === 'float64' && out instanceof Float32Array) out = Float64Array.from(out);
    if (this.layout.precision === 'float32' && out instanceof Float64Array) out = Float32Array.from(out);
    return this.track(out, want === 2 * n);
  }
}
