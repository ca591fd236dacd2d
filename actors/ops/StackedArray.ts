/**
 * A stacked distributed array: the side of a stack operator (VStack's data, HStack's model, both sides
 * of BlockDiag and Block) as one distributed array per segment of the stack, each on its own chunk grid
 * and actors (so the blocks of A_i x stay where A_i left them: nothing is concatenated or moved).
 *
 * `shape` is the stack side's flat shape ([sum of segment sizes], as PyLops' dimsd of a VStack), and
 * `toArray()` gathers the concatenation of the parts in order: the local operator's flat vector. A part
 * is itself a StackedArray when its operator's side is stacked (nested stacks).
 *
 * For vector spaces (solvers): a StackedArray is the direct sum of its parts: x + y, a·x, copies and
 * element-wise maps act per part; <x, y> = Σ_i <x_i, y_i> over parts in order; ‖x‖² = Σ_i ‖x_i‖².
 *
 * @example
 * const A = new VStack({ ops: [new Identity({ N: [64, 64] }), new Laplacian({ dims: [64, 64] }).scale(0.1)] });
 * const y = StackedArray.of([cluster.fromArray(d, { chunks: [2, 1] }), cluster.zeros([64, 64], { chunks: [2, 1] })]);
 * const r = A.matvec(x); // a StackedArray: r.parts[0] = x, r.parts[1] = 0.1 L x
 */
import { type DType, promote } from '../../operators/core/dtype.ts';
import { DISTRIBUTED, type DistributedLike } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import type { ClusterCore } from '../ClusterCore.ts';
import { DistributedArray } from '../DistributedArray.ts';
import { DistributedUnsupportedError } from './errors.ts';

/** What the distributed operator protocols take and give. */
export type Distributed = DistributedArray | StackedArray;

export class StackedArray implements DistributedLike {
  readonly [DISTRIBUTED] = true as const;
  readonly shape: readonly number[];
  readonly dtype: DType;

  /** @param parts the segments in order; @param shape the flat shape (default [sum of part sizes]) */
  constructor(
    readonly parts: readonly Distributed[],
    shape?: readonly number[],
  ) {
    if (parts.length === 0) throw new DistributedUnsupportedError('StackedArray', 'a stacked array needs at least one part');
    this.shape = shape ?? [parts.reduce((s, p) => s + p.size, 0)];
    this.dtype = promote(...parts.map((p) => p.dtype));
  }

  /** The parts stacked, e.g. the data y = [y_0; y_1] of a VStack (`shape`: e.g. a BlockDiag's [n, ...dims]). */
  static of(parts: readonly Distributed[], shape?: readonly number[]): StackedArray {
    return new StackedArray(parts, shape);
  }

  get cluster(): ClusterCore {
    return this.parts[0].cluster;
  }

  /** Samples (complex numbers count once). */
  get size(): number {
    return this.parts.reduce((s, p) => s + p.size, 0);
  }

  /** Resolves when every part is ready. */
  get ready(): Promise<void> {
    return Promise.all(this.parts.map((p) => p.ready)).then(() => undefined);
  }

  /** The concatenation of the gathered parts, in the flat shape. */
  async toArray(): Promise<NDArray> {
    const got = await Promise.all(this.parts.map((p) => p.toArray()));
    const n = got.reduce((s, g) => s + g.data.length, 0);
    const data = new (got[0].data.constructor as Float64ArrayConstructor)(n);
    let at = 0;
    for (const g of got) (data.set(g.data, at), (at += g.data.length));
    return new NDArray(data, this.shape, this.dtype);
  }

  async free(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.free()));
  }

  /** Throws unless every part is usable (not freed, same cluster). */
  check(operation: string): void {
    for (const p of this.parts) p.check(operation);
  }

  copy(): StackedArray {
    return this.map((p) => p.copy());
  }

  /** f on every part (the same shape). */
  map(f: (part: DistributedArray, i: number) => Distributed): StackedArray {
    return new StackedArray(
      this.parts.map((p, i) => (p instanceof StackedArray ? p.map(f) : f(p, i))),
      this.shape,
    );
  }
}

/** `f` on x, part by part when x is stacked. */
export function perPart(x: Distributed, f: (part: DistributedArray) => Distributed): Distributed {
  return x instanceof StackedArray ? x.map(f) : f(x);
}

/** `f` on matching parts of u and v (same nesting); DistributedUnsupportedError when they do not match. */
export function zipParts(name: string, u: Distributed, v: Distributed, f: (a: DistributedArray, b: DistributedArray) => Distributed): Distributed {
  if (u instanceof DistributedArray && v instanceof DistributedArray) return f(u, v);
  if (u instanceof StackedArray && v instanceof StackedArray && u.parts.length === v.parts.length) {
    return new StackedArray(
      u.parts.map((p, i) => zipParts(name, p, v.parts[i], f)),
      u.shape,
    );
  }
  throw new DistributedUnsupportedError(name, 'operands must be stacked alike (the same parts)');
}
