/**
 * The solvers' vector space for operators with a stacked side (VStack's data, HStack's model, ...):
 * the direct sum of one DistributedVectors per leaf of the side's layout (stack.ts sideLayout), so a
 * solver run on `VStack [I; λ L]` with a StackedArray `y` keeps every vector in the actors:
 *
 * - vectors of a stacked side are StackedArrays whose leaves live on the leaf spaces' grids (the
 *   data leaves take the grids of y's parts; a model leaf of the same dims as a data leaf takes its
 *   grid, else the first grid it meets); an operator's output on another grid is rechunked once;
 * - axpby, scale, copy, map, zeros and fromLocal act leaf by leaf (each leaf command keyed
 *   `<key>/<leaf>`, so replays are applied once, as DistributedVectors does);
 * - <a, b> = Σ_leaves <a_i, b_i> and ‖v‖₂ = sqrt(Σ ‖v_i‖₂²) (‖v‖₁ = Σ ‖v_i‖₁), in leaf order.
 *
 * @example
 * const A = new VStack({ ops: [new Identity({ N: dims }), new Laplacian({ dims }).scale(0.5)] });
 * const y = StackedArray.of([cluster.fromArray(d, { chunks: [2, 1] }), cluster.zeros(dims, { chunks: [2, 1] })]);
 * const { x } = await cgls(A, y, { niter: 20, space: StackedVectors.forOperator(cluster, A, { y }) });
 */
import { type DType, type FloatArray, isComplex, isSingle } from '../../operators/core/dtype.ts';
import { InvalidParameterError } from '../../operators/core/errors.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import type { Complex, Role } from '../../solvers/types.ts';
import type { ElementwiseKernel, VectorSpace } from '../../solvers/vectors.ts';
import type { ChunkGrid } from '../chunks.ts';
import type { ClusterCore } from '../ClusterCore.ts';
import { DistributedArray } from '../DistributedArray.ts';
import { DistributedVectors } from '../vectors/DistributedVectors.ts';
import { type SideLayout, buildSide, sideLayout } from './stack.ts';
import { type Distributed, StackedArray } from './StackedArray.ts';

interface Leaf {
  side: { shape: readonly number[]; dtype: DType; grid?: ChunkGrid };
  space: DistributedVectors;
}

const sideDtype = (complex: boolean, single: boolean): DType => (complex ? (single ? 'complex64' : 'complex128') : single ? 'float32' : 'float64');
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/** The leaves of a distributed array in flat order. */
export function leavesOf(v: Distributed): DistributedArray[] {
  return v instanceof StackedArray ? v.parts.flatMap(leavesOf) : [v];
}

function dimsOf(layout: SideLayout): (readonly number[])[] {
  return 'dims' in layout ? [layout.dims] : layout.parts.flatMap(dimsOf);
}

export class StackedVectors implements VectorSpace<Distributed> {
  private readonly roles = new WeakMap<object, Role>();
  private readonly memo = new Map<string, Promise<unknown>>();

  private constructor(
    readonly cluster: ClusterCore,
    private readonly layouts: Record<Role, SideLayout>,
    private readonly leaves: Record<Role, Leaf[]>,
    private readonly memoSize = 4096,
  ) {}

  /** The space of a run of `op` with data `y` (dtypes as DistributedVectors.forOperator chooses them). */
  static forOperator(cluster: ClusterCore, op: LinearOperator, opts: { y?: Distributed; memo?: number } = {}): StackedVectors {
    const y = opts.y;
    if (y !== undefined && !(y instanceof DistributedArray || y instanceof StackedArray)) throw new InvalidParameterError('StackedVectors', 'y', typeof y, 'a DistributedArray or StackedArray');
    if (y && !sameShape(y.shape, op.dimsd)) throw new InvalidParameterError('StackedVectors', 'y.shape', y.shape, `the operator's dimsd ${JSON.stringify(op.dimsd)}`);
    const yComplex = y ? isComplex(y.dtype) : false;
    const single = y ? isSingle(y.dtype) : isSingle(op.dtype);
    const layouts = { model: sideLayout(op, 'model'), data: sideLayout(op, 'data') };
    const ys = y ? leavesOf(y) : [];
    const dataDims = dimsOf(layouts.data);
    if (y && ys.length !== dataDims.length) throw new InvalidParameterError('StackedVectors', 'y', `${ys.length} parts`, `${dataDims.length} parts, one per segment of the data side`);
    const leaf = (shape: readonly number[], dtype: DType, grid?: ChunkGrid): Leaf => {
      const side = { shape, dtype, grid };
      return { side, space: new DistributedVectors(cluster, { model: side, data: side }, opts.memo) };
    };
    const data = dataDims.map((d, i) => leaf(d, sideDtype(op.dataComplex || yComplex, single), ys[i]?.grid));
    const modelDtype = sideDtype(op.modelComplex || (yComplex && op.isReal), single);
    const model = dimsOf(layouts.model).map((d) => leaf(d, modelDtype, data.find((l) => sameShape(l.side.shape, d))?.side.grid));
    const space = new StackedVectors(cluster, layouts, { model, data }, opts.memo);
    if (y) space.roles.set(y, 'data');
    return space;
  }

  apply(op: LinearOperator, v: Distributed, adjoint: boolean, key: string): Promise<Distributed> {
    return this.once(key, async () => {
      const role: Role = adjoint ? 'model' : 'data';
      return this.rebuild(role, leavesOf(op.apply(v, adjoint) as Distributed).map((p, i) => this.conform(this.leaves[role][i], p)));
    });
  }

  zeros(role: Role, key: string): Promise<Distributed> {
    return this.once(key, async () => this.rebuild(role, await Promise.all(this.leaves[role].map((l, i) => l.space.zeros('data', `${key}/${i}`)))));
  }

  copy(v: Distributed, key: string): Promise<Distributed> {
    return this.once(key, async () => {
      const role = this.roleOf(v);
      return this.rebuild(role, await Promise.all(leavesOf(v).map((p, i) => this.leaves[role][i].space.copy(p, `${key}/${i}`))));
    });
  }

  axpby(a: number, x: Distributed, b: number, y: Distributed, key: string): Promise<void> {
    const xs = leavesOf(x);
    return this.each(y, key, (s, yi, k, i) => s.axpby(a, xs[i], b, yi, k));
  }

  scale(a: number, x: Distributed, key: string): Promise<void> {
    return this.each(x, key, (s, xi, k) => s.scale(a, xi, k));
  }

  map(kernel: ElementwiseKernel, x: Distributed, param: number, key: string): Promise<void> {
    return this.each(x, key, (s, xi, k) => s.map(kernel, xi, param, k));
  }

  dot(a: Distributed, b: Distributed, key: string): Promise<Complex> {
    return this.once(key, async () => {
      const bs = leavesOf(b);
      const parts = await Promise.all(leavesOf(a).map((ai, i) => this.leafSpace(a, i).dot(ai, bs[i], `${key}/${i}`)));
      return parts.reduce((s, p) => ({ re: s.re + p.re, im: s.im + p.im }), { re: 0, im: 0 }); // leaf order
    });
  }

  norm(v: Distributed, key: string, ord: 1 | 2 = 2): Promise<number> {
    return this.once(key, async () => {
      const parts = await Promise.all(leavesOf(v).map((vi, i) => this.leafSpace(v, i).norm(vi, `${key}/${i}`, ord)));
      return ord === 1 ? parts.reduce((s, n) => s + n, 0) : Math.sqrt(parts.reduce((s, n) => s + n * n, 0));
    });
  }

  async free(v: Distributed): Promise<void> {
    await v.free();
  }

  async toLocal(v: Distributed): Promise<FloatArray> {
    return (await v.toArray()).data;
  }

  fromLocal(data: FloatArray, role: Role, key: string): Promise<Distributed> {
    return this.once(key, async () => {
      const ls = this.leaves[role];
      const sizes = ls.map((l) => l.side.shape.reduce((p, k) => p * k, 1));
      const width = data.length / sizes.reduce((p, k) => p + k, 0);
      let at = 0;
      const parts = ls.map((l, i) => {
        const n = sizes[i] * width;
        const part = l.space.fromLocal(data.subarray(at, at + n), 'data', `${key}/${i}`);
        at += n;
        return part;
      });
      return this.rebuild(role, await Promise.all(parts));
    });
  }

  /** Runs an in-place leaf command on every leaf of `v` (keys `<key>/<leaf>`), once per key. */
  private each(v: Distributed, key: string, f: (s: DistributedVectors, vi: DistributedArray, key: string, i: number) => Promise<void>): Promise<void> {
    return this.once(key, async () => {
      await Promise.all(leavesOf(v).map((vi, i) => f(this.leafSpace(v, i), vi, `${key}/${i}`, i)));
    });
  }

  private leafSpace(v: Distributed, i: number): DistributedVectors {
    return this.leaves[this.roleOf(v)][i].space;
  }

  /** The side of `v`: the one it was made for, else the first whose leaves have its leaves' shapes. */
  private roleOf(v: Distributed): Role {
    const known = this.roles.get(v);
    if (known) return known;
    const shapes = leavesOf(v).map((p) => p.shape);
    const fits = (r: Role) => this.leaves[r].length === shapes.length && this.leaves[r].every((l, i) => sameShape(l.side.shape, shapes[i]));
    if (fits('model')) return 'model';
    if (fits('data')) return 'data';
    throw new InvalidParameterError('StackedVectors', 'vector', JSON.stringify(shapes), 'the leaves of the model or the data side');
  }

  /** A leaf on its side's grid (fixed by the first leaf met): itself, or a rechunked copy (it is freed). */
  private conform(l: Leaf, part: DistributedArray): DistributedArray {
    const g = (l.side.grid ??= part.grid);
    if (g.equals(part.grid)) return part;
    const out = part.rechunk(g.toJSON());
    part.free().catch(() => {});
    return out;
  }

  /** The side's array from its leaves, remembered as a vector of that side. */
  private rebuild(role: Role, leaves: DistributedArray[]): Distributed {
    const v = buildSide(this.layouts[role], (_, i) => leaves[i]);
    this.roles.set(v, role);
    return v;
  }

  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const seen = this.memo.get(key);
    if (seen) return seen as Promise<T>;
    const p = fn();
    this.memo.set(key, p);
    while (this.memo.size > this.memoSize) this.memo.delete(this.memo.keys().next().value!);
    return p;
  }
}
