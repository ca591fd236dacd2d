/**
 * The solvers' vector space on distributed arrays (solvers/vectors.ts `VectorSpace<DistributedArray>`):
 * every vector of a solver run is a DistributedArray whose blocks stay in the partition actors. Each
 * method sends its commands at once and returns (pipelined); only `dot` and `norm` wait, and what
 * travels per iteration is a few scalars per actor.
 *
 * Layout: the data side takes the chunk grid of `y`; the model side takes `chunks.model`, or `y`'s
 * chunks when `dims` equals `dimsd`, or else the grid of the first model vector it meets (an operator's
 * output, a copy of `x0`). A vector arriving on another grid than its side's (e.g. an operator whose
 * protocol returns another chunking, or an `x0` chunked differently) is rechunked once, so every
 * vector of a side can be combined with every other.
 *
 * Idempotency (the contract of VectorSpace): the first result of each key is kept (a bounded memo), so
 * a re-issued command is answered with it and applied at most once. In-place commands and reductions
 * also carry the key to the actors, qualified by the arrays they touch (`<key>|<ids>@<actor>`), so an
 * actor answers a re-sent one from its reply cache; array-creating commands use fresh keys (their output
 * id is fresh).
 *
 * Reductions run solvers/reductions.ts per block and sum the partials in block order: a vector in one
 * block gives the bits of LocalVectors; several blocks differ only by the association of the sum.
 *
 * @example
 * const cluster = await launchCluster({ partitions: 2 });
 * const y = cluster.fromArray(NDArray.random([64, 64], 1), { chunks: [2, 1] });
 * const { x } = await cgls(Op, y, { niter: 10 }); // x: a DistributedArray on y's grid
 */
import { type DType, type FloatArray, isComplex, isSingle } from '../../operators/core/dtype.ts';
import { InvalidParameterError } from '../../operators/core/errors.ts';
import { type LinearOperator, toComplex } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { elementwise } from '../../solvers/kernels.ts';
import type { Complex, Role } from '../../solvers/types.ts';
import type { ElementwiseKernel, VectorSpace } from '../../solvers/vectors.ts';
import type { ChunkGrid, ChunksSpec } from '../chunks.ts';
import type { ClusterCore } from '../ClusterCore.ts';
import { DistributedArray } from '../DistributedArray.ts';
import { VECTOR_COMMANDS } from './commands.ts';

/** Options of `DistributedVectors.forOperator`. */
export interface DistributedVectorsOptions {
  /** The run's data: its grid and dtype set the data side. */
  y?: DistributedArray;
  /** Chunk grids per side (default: y's grid; the model side as described above). */
  chunks?: { model?: ChunksSpec; data?: ChunksSpec };
  /** Storage precision when there is no `y`. @defaultValue the operator's */
  precision?: 'float32' | 'float64';
  /** Keys remembered for replays. @defaultValue 4096 */
  memo?: number;
}

interface Side {
  shape: readonly number[];
  dtype: DType;
  grid?: ChunkGrid;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
const sideDtype = (complex: boolean, single: boolean): DType => (complex ? (single ? 'complex64' : 'complex128') : single ? 'float32' : 'float64');

export class DistributedVectors implements VectorSpace<DistributedArray> {
  private readonly sides: Record<Role, Side>;
  private readonly roles = new WeakMap<DistributedArray, Role>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly cluster: ClusterCore,
    sides: Record<Role, Side>,
    private readonly memoSize = 4096,
  ) {
    this.sides = { model: { ...sides.model }, data: { ...sides.data } };
  }

  /**
   * The space of a run of `op` on `cluster`: dtypes as LocalVectors.forOperator chooses them (the model
   * side is complex if the operator's is, or if a real operator meets complex data).
   */
  static forOperator(cluster: ClusterCore, op: LinearOperator, opts: DistributedVectorsOptions = {}): DistributedVectors {
    const y = opts.y;
    if (y !== undefined && !(y instanceof DistributedArray)) throw new InvalidParameterError('DistributedVectors', 'y', typeof y, 'a DistributedArray');
    if (y && !sameShape(y.shape, op.dimsd)) throw new InvalidParameterError('DistributedVectors', 'y.shape', y.shape, `the operator's dimsd ${JSON.stringify(op.dimsd)}`);
    const yComplex = y ? isComplex(y.dtype) : false;
    const single = y ? isSingle(y.dtype) : (opts.precision ?? (isSingle(op.dtype) ? 'float32' : 'float64')) === 'float32';
    const data: Side = { shape: [...op.dimsd], dtype: sideDtype(op.dataComplex || yComplex, single) };
    const model: Side = { shape: [...op.dims], dtype: sideDtype(op.modelComplex || (yComplex && op.isReal), single) };
    data.grid = y && opts.chunks?.data === undefined ? y.grid : cluster.grid(op.dimsd, opts.chunks?.data);
    if (opts.chunks?.model !== undefined) model.grid = cluster.grid(op.dims, opts.chunks.model);
    else if (sameShape(op.dims, op.dimsd)) model.grid = data.grid;
    const space = new DistributedVectors(cluster, { model, data }, opts.memo);
    if (y) space.track(y, 'data');
    return space;
  }

  /** The chunk grid of side `role` (fixed on first use). */
  grid(role: Role): ChunkGrid {
    const s = this.sides[role];
    return (s.grid ??= this.cluster.grid(s.shape));
  }

  apply(op: LinearOperator, v: DistributedArray, adjoint: boolean, key: string): Promise<DistributedArray> {
    return this.once(key, async () => {
      const out = op.apply(v, adjoint) as DistributedArray;
      return this.conform(out, this.roleOf(out, adjoint ? 'model' : 'data'));
    });
  }

  zeros(role: Role, key: string): Promise<DistributedArray> {
    return this.once(key, async () => this.track(this.cluster.zeros(this.sides[role].shape, { chunks: this.chunksOf(role), dtype: this.sides[role].dtype }), role));
  }

  copy(v: DistributedArray, key: string): Promise<DistributedArray> {
    return this.once(key, async () => {
      const role = this.roleOf(v, 'model');
      const g = role && this.sides[role].grid;
      if (role && !g) this.sides[role].grid = v.grid;
      const out = !g || g.equals(v.grid) ? v.copy() : v.rechunk(g.toJSON());
      return role ? this.track(out, role) : out;
    });
  }

  axpby(a: number, x: DistributedArray, b: number, y: DistributedArray, key: string): Promise<void> {
    return this.once(key, () => y.axpbyInPlace(a, x, b, { key: actorKey(key, x, y) }));
  }

  scale(a: number, x: DistributedArray, key: string): Promise<void> {
    return this.once(key, () => x.scaleInPlace(a, { key: actorKey(key, x) }));
  }

  map(kernel: ElementwiseKernel, x: DistributedArray, param: number, key: string): Promise<void> {
    return this.once(key, async () => {
      if (!Object.hasOwn(elementwise, kernel)) throw new InvalidParameterError('DistributedVectors.map', 'kernel', kernel, `one of ${Object.keys(elementwise).join(', ')}`);
      x.check('map');
      await this.cluster.perBlock(x, VECTOR_COMMANDS.map, (blocks) => ({ x: x.id, kernel, param, blocks }), 0, actorKey(key, x), [x]);
    });
  }

  dot(a: DistributedArray, b: DistributedArray, key: string): Promise<Complex> {
    return this.once(key, async () => {
      a.check('dot', b);
      const parts = await this.cluster.perBlock(a, VECTOR_COMMANDS.dot, (blocks) => ({ x: a.id, y: b.id, blocks }), 2, actorKey(key, a, b), [a, b]);
      let re = 0;
      let im = 0;
      for (const p of parts) ((re += p[0]), (im += p[1])); // block order: deterministic
      return { re, im };
    });
  }

  norm(v: DistributedArray, key: string, ord: 1 | 2 = 2): Promise<number> {
    return this.once(key, async () => {
      if (ord !== 1 && ord !== 2) throw new InvalidParameterError('DistributedVectors.norm', 'ord', ord, '1 or 2');
      v.check('norm');
      const parts = await this.cluster.perBlock(v, VECTOR_COMMANDS.norm, (blocks) => ({ x: v.id, ord, blocks }), 1, actorKey(key, v), [v]);
      let s = 0;
      for (const p of parts) s += p[0]; // block order: deterministic
      return ord === 2 ? Math.sqrt(s) : s;
    });
  }

  async free(v: DistributedArray): Promise<void> {
    await v.free();
  }

  async toLocal(v: DistributedArray): Promise<FloatArray> {
    return (await v.toArray()).data;
  }

  fromLocal(data: FloatArray, role: Role, key: string): Promise<DistributedArray> {
    return this.once(key, async () => {
      const { shape, dtype } = this.sides[role];
      const n = shape.reduce((p, k) => p * k, 1);
      const want = isComplex(dtype) ? 2 * n : n;
      if (data.length !== want && !(data.length === n && want === 2 * n)) {
        throw new InvalidParameterError(`DistributedVectors.fromLocal(${role})`, 'data.length', data.length, `${want} numbers (${dtype} of shape ${JSON.stringify(shape)})`);
      }
      let v = data.length === want ? data : toComplex(data);
      if (isSingle(dtype) !== v instanceof Float32Array) v = isSingle(dtype) ? Float32Array.from(v) : Float64Array.from(v);
      return this.track(this.cluster.fromArray(new NDArray(v, shape, dtype), { chunks: this.chunksOf(role) }), role);
    });
  }

  /** Runs `fn` once per key; a repeated key gets the first promise (bounded memo, oldest evicted). */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const seen = this.memo.get(key);
    if (seen) return seen as Promise<T>;
    const p = fn();
    this.memo.set(key, p);
    while (this.memo.size > this.memoSize) this.memo.delete(this.memo.keys().next().value!);
    return p;
  }

  private chunksOf(role: Role): ChunksSpec {
    return this.grid(role).toJSON();
  }

  private track(v: DistributedArray, role: Role): DistributedArray {
    this.roles.set(v, role);
    return v;
  }

  /** The side of `v`: the one it was made for, else the one of its shape (`preferred` when both fit). */
  private roleOf(v: DistributedArray, preferred: Role): Role | undefined {
    const known = this.roles.get(v);
    if (known) return known;
    const other: Role = preferred === 'model' ? 'data' : 'model';
    const fits = (r: Role) => sameShape(v.shape, this.sides[r].shape) && (!this.sides[r].grid || this.sides[r].grid!.equals(v.grid));
    if (fits(preferred)) return preferred;
    if (fits(other)) return other;
    if (sameShape(v.shape, this.sides[preferred].shape)) return preferred;
    return sameShape(v.shape, this.sides[other].shape) ? other : undefined;
  }

  /** `v` on its side's grid: itself, or a rechunked copy (v is then freed); fixes the grid if unset. */
  private conform(v: DistributedArray, role: Role | undefined): DistributedArray {
    if (!role) return v;
    const side = this.sides[role];
    if (!side.grid || side.grid.equals(v.grid)) {
      side.grid ??= v.grid;
      return this.track(v, role);
    }
    const out = v.rechunk(side.grid.toJSON());
    v.free().catch(() => {}); // ordered after the rechunk's reads by the actors' per-array mailboxes
    return this.track(out, role);
  }
}

/** The key a command carries to the actors: the solver's key qualified by the arrays it touches. */
function actorKey(key: string, ...arrays: DistributedArray[]): string {
  return `${key}|${arrays.map((a) => a.id).join('|')}`;
}
