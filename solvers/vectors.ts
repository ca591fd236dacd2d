/**
 * The vector abstraction the solvers run on. A solver never touches vector elements: it asks a
 * `VectorSpace` to apply the operator, combine, threshold and reduce vectors, and keeps only the
 * handles and the scalars the reductions return. `LocalVectors` (LocalVectors.ts) implements it on
 * flat typed arrays; a distributed implementation keeps the blocks in partition actors.
 *
 * Contract for implementers:
 * - Every method is async so it may be pipelined. Commands take effect in the order they are issued:
 *   a later command sees the effects of earlier ones even if their promises have not resolved yet.
 *   Only reductions (`dot`, `norm`) need to wait for the data; everything else may return at once.
 * - `key` is an idempotency key, unique per command of a solver run: `${runId}/${iteration}/${phase}#${seq}`.
 *   A resumed run re-issues the command that was in flight with the same key, so a space that
 *   retries or replays messages must apply a command with a key it has already applied at most once
 *   (returning the first result). The local space ignores it.
 * - Vectors are complex (interleaved re/im) when the operator or the data are; scalars are real.
 */
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import type { FloatArray } from '../operators/core/dtype.ts';
import type { ThreshKind } from './kernels.ts';
import type { Complex, Role } from './types.ts';

/** Named elementwise kernels (solvers/kernels.ts) that a space runs where the vector lives. */
export type ElementwiseKernel = ThreshKind;

export interface VectorSpace<V> {
  /** y = Op x (`adjoint` false) or x = Op^H y (true), as a new vector of the other role. */
  apply(op: LinearOperator, v: V, adjoint: boolean, key: string): Promise<V>;
  /** A new vector of zeros on side `role`. */
  zeros(role: Role, key: string): Promise<V>;
  /** A new vector equal to `v`. */
  copy(v: V, key: string): Promise<V>;
  /** In place: y[i] <- a x[i] + b y[i] (a, b real). */
  axpby(a: number, x: V, b: number, y: V, key: string): Promise<void>;
  /** In place: x[i] <- a x[i]. */
  scale(a: number, x: V, key: string): Promise<void>;
  /** In place: x[i] <- f(x[i]; param) for the named kernel f (thresholding, see kernels.ts). */
  map(kernel: ElementwiseKernel, x: V, param: number, key: string): Promise<void>;
  /** <a, b> = sum_i conj(a[i]) b[i] (numpy's vdot). */
  dot(a: V, b: V, key: string): Promise<Complex>;
  /** ||v||_2 = sqrt(sum |v[i]|^2), or with ord 1, sum |v[i]| (|.| the complex modulus). */
  norm(v: V, key: string, ord?: 1 | 2): Promise<number>;
  /** Releases the vector's storage; the handle must not be used afterwards. */
  free(v: V): Promise<void>;
  /** The values as one local flat array (complex interleaved), a copy. */
  toLocal(v: V): Promise<FloatArray>;
  /** A new vector on side `role` holding `data` (the layout, e.g. the chunk grid, is the space's). */
  fromLocal(data: FloatArray, role: Role, key: string): Promise<V>;
}

/**
 * A space's methods with the idempotency keys filled in: `${prefix}#${seq}` for the seq-th command
 * of a phase. Promises of commands not awaited by the phase are collected; `settle()` awaits them,
 * so a failure in a pipelined command surfaces at the end of its phase.
 */
export class KeyedOps<V> {
  private seq = 0;
  private pending: Promise<unknown>[] = [];

  constructor(
    readonly space: VectorSpace<V>,
    readonly prefix: string,
  ) {}

  private next(): string {
    return `${this.prefix}#${this.seq++}`;
  }
  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.push(p);
    // a step may not await every command it issues: a failure is reported by settle(), and must not
    // be an unhandled rejection before that (it would crash the process, e.g. on a lost message)
    p.catch(() => {});
    return p;
  }

  apply(op: LinearOperator, v: V, adjoint: boolean): Promise<V> {
    return this.track(this.space.apply(op, v, adjoint, this.next()));
  }
  zeros(role: Role): Promise<V> {
    return this.track(this.space.zeros(role, this.next()));
  }
  copy(v: V): Promise<V> {
    return this.track(this.space.copy(v, this.next()));
  }
  axpby(a: number, x: V, b: number, y: V): Promise<void> {
    return this.track(this.space.axpby(a, x, b, y, this.next()));
  }
  scale(a: number, x: V): Promise<void> {
    return this.track(this.space.scale(a, x, this.next()));
  }
  map(kernel: ElementwiseKernel, x: V, param: number): Promise<void> {
    return this.track(this.space.map(kernel, x, param, this.next()));
  }
  dot(a: V, b: V): Promise<Complex> {
    return this.track(this.space.dot(a, b, this.next()));
  }
  norm(v: V, ord: 1 | 2 = 2): Promise<number> {
    return this.track(this.space.norm(v, this.next(), ord));
  }
  fromLocal(data: FloatArray, role: Role): Promise<V> {
    return this.track(this.space.fromLocal(data, role, this.next()));
  }
  /** |<v, v>| = ||v||^2 as PyLops computes it (`abs(v.dot(v.conj()))`). */
  async sqnorm(v: V): Promise<number> {
    const d = await this.dot(v, v);
    return Math.hypot(d.re, d.im);
  }

  /** Awaits every command issued so far (rejects with the first failure). */
  async settle(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    await Promise.all(all);
  }
}
