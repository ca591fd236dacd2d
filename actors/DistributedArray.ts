/**
 * A handle to an N-D array whose blocks live in partition actors. The handle (in the driver) knows the
 * global shape, dtype, chunk grid and which actor owns each block; the numbers stay in the actors.
 *
 * Calls are pipelined: a method sends its commands at once and returns a new handle (or a promise of a
 * scalar) without waiting; each actor runs commands in order per array, so a chain of operations costs
 * about one round trip, not one per call. `ready` settles when the commands that made this array are
 * done (with the first error of the chain that led to it).
 *
 * @example
 * const c = await launchCluster();
 * const x = c.random([100, 80], { seed: 1, chunks: [2, 2] });
 * const r = await x.scale(2).axpy(-1, x).norm(); // ||2x - x||_2
 * await c.close();
 */
import { type DType, isComplex } from '../operators/core/dtype.ts';
import { DTypeError, InvalidParameterError } from '../operators/core/errors.ts';
import { DISTRIBUTED, type DistributedLike } from '../operators/core/LinearOperator.ts';
import { NDArray } from '../operators/core/NDArray.ts';
import type { ChunkGrid, ChunksSpec } from './chunks.ts';
import type { ClusterCore } from './ClusterCore.ts';
import { ArrayFreedError, ChunkGridMismatchError } from './errors.ts';
import { type NormOrd, type Scalar, combineNorm } from './kernels.ts';

/** Options of commands that may be re-issued: the same `key` is applied at most once. */
export interface KeyOptions {
  key?: string;
}

export class DistributedArray implements DistributedLike {
  readonly [DISTRIBUTED] = true as const;
  private freed = false;

  /** @internal Use the cluster's factories (`fromArray`, `zeros`, `random`). */
  constructor(
    readonly cluster: ClusterCore,
    readonly id: string,
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly grid: ChunkGrid,
    /** Settles when the commands creating this array are done. */
    readonly ready: Promise<void>,
  ) {
    ready.catch(() => {}); // surfaced by whoever awaits it or a value derived from it
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Per-axis block sizes (Dask's `chunks`). */
  get chunks(): number[][] {
    return this.grid.toJSON();
  }

  /** this + alpha x as a new array (alpha real, or `[re, im]` for complex arrays). */
  axpy(alpha: Scalar, x: DistributedArray, opts: KeyOptions = {}): DistributedArray {
    this.check('axpy', x);
    checkScalar('axpy', 'alpha', alpha);
    return this.derive('axpy', [this, x], (out) => ({ out, x: x.id, y: this.id, alpha }), opts);
  }

  /** this + x. */
  add(x: DistributedArray): DistributedArray {
    return this.axpy(1, x);
  }

  /** this − x. */
  sub(x: DistributedArray): DistributedArray {
    return this.axpy(-1, x);
  }

  /** alpha · this as a new array. */
  scale(alpha: Scalar, opts: KeyOptions = {}): DistributedArray {
    this.check('scale');
    checkScalar('scale', 'alpha', alpha);
    return this.derive('scale', [this], (out) => ({ out, x: this.id, alpha }), opts);
  }

  /** A copy with its own storage. */
  copy(opts: KeyOptions = {}): DistributedArray {
    this.check('copy');
    return this.derive('copy', [this], (out) => ({ out, x: this.id }), opts);
  }

  /** Elementwise product this ⊙ x. */
  mul(x: DistributedArray, opts: KeyOptions = {}): DistributedArray {
    this.check('mul', x);
    return this.derive('mul', [this, x], (out) => ({ out, x: this.id, y: x.id }), opts);
  }

  /** In place: this ← alpha x + beta this (the handle stays the same). */
  axpbyInPlace(alpha: Scalar, x: DistributedArray, beta: Scalar = 1, opts: KeyOptions = {}): Promise<void> {
    this.check('axpbyInPlace', x);
    checkScalar('axpbyInPlace', 'alpha', alpha);
    checkScalar('axpbyInPlace', 'beta', beta);
    return this.inPlace('axpy', { out: this.id, x: x.id, y: this.id, alpha, beta }, opts.key, [this, x]);
  }

  /** In place: this ← alpha this. */
  scaleInPlace(alpha: Scalar, opts: KeyOptions = {}): Promise<void> {
    this.check('scaleInPlace');
    checkScalar('scaleInPlace', 'alpha', alpha);
    return this.inPlace('scale', { out: this.id, x: this.id, alpha }, opts.key, [this]);
  }

  /** Σ this_i x_i for real arrays (numpy's `dot` of the flattened arrays). */
  async dot(x: DistributedArray, opts: KeyOptions = {}): Promise<number> {
    if (isComplex(this.dtype)) throw new DTypeError('DistributedArray.dot', 'a real array (use vdot for complex)', this.dtype);
    return (await this.reduceDot(x, false, opts))[0];
  }

  /** Σ conj(this_i) x_i as `[re, im]` (numpy's `vdot`). */
  vdot(x: DistributedArray, opts: KeyOptions = {}): Promise<[number, number]> {
    return this.reduceDot(x, true, opts);
  }

  /** The vector norm of the flattened array: ord 2 (default), 1 or Infinity (|.| the complex modulus). */
  async norm(ord: NormOrd = 2, opts: KeyOptions = {}): Promise<number> {
    if (ord !== 1 && ord !== 2 && ord !== Infinity) throw new InvalidParameterError('DistributedArray.norm', 'ord', ord, '1, 2 or Infinity');
    this.check('norm');
    const parts = await this.cluster.perBlock(this, 'norm', (blocks) => ({ x: this.id, ord, blocks }), 1, opts.key, [this]);
    return combineNorm(parts.map((p) => p[0]), ord);
  }

  /** Gathers the whole array into a local NDArray. */
  toArray(): Promise<NDArray> {
    this.check('toArray');
    return this.cluster.gather(this);
  }

  /** The same values on another chunk grid (actors send each other the overlapping boxes). */
  rechunk(chunks: ChunksSpec): DistributedArray {
    this.check('rechunk');
    return this.cluster.rechunk(this, chunks);
  }

  /** Releases the blocks in the actors; the handle must not be used afterwards. */
  async free(): Promise<void> {
    if (this.freed) return;
    this.freed = true;
    await this.cluster.perActor(this.grid, (actor) => this.cluster.driver.command(actor, 'free', { id: this.id }));
  }

  /** @internal Throws unless this array may be combined with `others`. */
  check(operation: string, ...others: DistributedArray[]): void {
    for (const a of [this, ...others]) if (a.freed) throw new ArrayFreedError(a.id);
    for (const o of others) {
      if (o.cluster !== this.cluster) throw new InvalidParameterError(`DistributedArray.${operation}`, 'x', o.id, 'an array of the same cluster');
      if (o.dtype !== this.dtype) throw new DTypeError(`DistributedArray.${operation}`, this.dtype, o.dtype);
      if (!o.grid.equals(this.grid)) throw new ChunkGridMismatchError(`DistributedArray.${operation}`, this.grid.toJSON(), o.grid.toJSON());
    }
  }

  private derive(command: string, inputs: DistributedArray[], args: (out: string) => object, opts: KeyOptions): DistributedArray {
    const id = this.cluster.newArrayId();
    const done = this.cluster.perBlock(this, command, (blocks) => ({ ...args(id), blocks }), 0, opts.key, inputs);
    return new DistributedArray(this.cluster, id, this.shape, this.dtype, this.grid, done.then(() => undefined));
  }

  private inPlace(command: string, args: object, key: string | undefined, inputs: DistributedArray[]): Promise<void> {
    return this.cluster.perBlock(this, command, (blocks) => ({ ...args, blocks }), 0, key, inputs).then(() => undefined);
  }

  private async reduceDot(x: DistributedArray, conj: boolean, opts: KeyOptions): Promise<[number, number]> {
    this.check('dot', x);
    const parts = await this.cluster.perBlock(this, 'dot', (blocks) => ({ x: this.id, y: x.id, conj, blocks }), 2, opts.key, [this, x]);
    let re = 0;
    let im = 0;
    for (const p of parts) ((re += p[0]), (im += p[1])); // block order: deterministic
    return [re, im];
  }
}

/** A real scalar or a complex `[re, im]` pair (NaN and Inf pass through, as in numpy). */
function checkScalar(operation: string, name: string, value: unknown): void {
  const ok = typeof value === 'number' || (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number'));
  if (!ok) throw new InvalidParameterError(`DistributedArray.${operation}`, name, value, 'a number or a complex [re, im] pair');
}
