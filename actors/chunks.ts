/**
 * The chunk grid of a distributed array (Dask-style `chunks`) and the placement of its blocks on actors.
 *
 * `chunks` gives, per axis, either a block count (the axis is split as evenly as possible, the first
 * `n % count` blocks one sample longer) or an explicit list of block sizes (uneven allowed, summing to
 * the axis length). A single number is shorthand for that many blocks along axis 0. Blocks are numbered
 * in C order over the grid (last axis fastest).
 *
 * Placement policy: block `b` of `B` goes to actor `floor(b * A / B)` of the `A` actors sorted by name,
 * i.e. each actor owns one contiguous run of block numbers. Blocks adjacent along the fastest chunked
 * axis are adjacent in number, so halo neighbours share an actor wherever a run allows it, and each
 * actor owns ⌊B/A⌋ or ⌈B/A⌉ blocks. The placement depends only on the grid and the actor list, so two
 * arrays with the same grid on the same cluster have their blocks side by side.
 */
import { InvalidParameterError, ShapeMismatchError } from '../operators/core/errors.ts';
import { blockStarts } from '../operators/core/halo.ts';
import { prod } from '../operators/core/dtype.ts';

/** Per axis a block count or explicit sizes; or one number = blocks along axis 0. */
export type ChunksSpec = number | readonly (number | readonly number[])[];

/** A box inside an N-D array: first index and extent per axis. */
export interface Box {
  start: number[];
  shape: number[];
}

/** Splits `n` into `count` sizes differing by at most one (larger first). */
export function evenSizes(n: number, count: number): number[] {
  const base = Math.floor(n / count);
  const extra = n % count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Normalised chunk grid: explicit block sizes per axis. */
export class ChunkGrid {
  readonly sizes: readonly (readonly number[])[];
  readonly starts: readonly (readonly number[])[];
  /** Blocks per axis. */
  readonly counts: readonly number[];
  readonly nblocks: number;

  constructor(readonly shape: readonly number[], chunks: ChunksSpec = 1) {
    const spec = typeof chunks === 'number' ? shape.map((_, a) => (a === 0 ? chunks : 1)) : chunks;
    if (!Array.isArray(spec) || spec.length !== shape.length) {
      throw new InvalidParameterError('ChunkGrid', 'chunks', chunks, `a block count or a list of ${shape.length} entries (one per axis)`);
    }
    this.sizes = spec.map((c, a) => axisSizes(shape[a], c, a));
    this.starts = this.sizes.map(blockStarts);
    this.counts = this.sizes.map((s) => s.length);
    this.nblocks = prod(this.counts);
  }

  /** Grid coordinates of block `b` (C order). */
  coords(b: number): number[] {
    const c = new Array<number>(this.counts.length);
    for (let a = this.counts.length - 1; a >= 0; a--) {
      c[a] = b % this.counts[a];
      b = Math.floor(b / this.counts[a]);
    }
    return c;
  }

  /** Block number of grid coordinates. */
  index(coords: readonly number[]): number {
    let b = 0;
    for (let a = 0; a < coords.length; a++) b = b * this.counts[a] + coords[a];
    return b;
  }

  /** The box of block `b` in the global array. */
  box(b: number): Box {
    const c = this.coords(b);
    return { start: c.map((k, a) => this.starts[a][k]), shape: c.map((k, a) => this.sizes[a][k]) };
  }

  /** Same normalised sizes on every axis. */
  equals(other: ChunkGrid): boolean {
    return this.sizes.length === other.sizes.length && this.sizes.every((s, a) => s.length === other.sizes[a].length && s.every((n, k) => n === other.sizes[a][k]));
  }

  /** Explicit sizes, for messages and display. */
  toJSON(): number[][] {
    return this.sizes.map((s) => [...s]);
  }
}

function axisSizes(n: number, c: number | readonly number[], axis: number): number[] {
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > Math.max(1, n)) {
      throw new InvalidParameterError('ChunkGrid', `chunks[${axis}]`, c, `an integer block count in [1, ${Math.max(1, n)}]`);
    }
    return evenSizes(n, c);
  }
  if (!Array.isArray(c) || c.length === 0 || c.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new InvalidParameterError('ChunkGrid', `chunks[${axis}]`, c, 'a block count or a non-empty list of positive integer sizes');
  }
  const total = c.reduce((s, k) => s + k, 0);
  if (total !== n) throw new ShapeMismatchError('ChunkGrid', [n], [total], `chunk sizes along axis ${axis} must sum to the axis length`);
  return [...c];
}

/** Actor index owning block `b` of `nblocks` over `nactors` actors: contiguous runs. */
export function placeBlock(b: number, nblocks: number, nactors: number): number {
  return Math.floor((b * nactors) / nblocks);
}

/** Blocks of each actor (same order as `actors`), by the contiguous-run policy. */
export function placement(grid: ChunkGrid, actors: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>(actors.map((a) => [a, []]));
  for (let b = 0; b < grid.nblocks; b++) out.get(actors[placeBlock(b, grid.nblocks, actors.length)])!.push(b);
  return out;
}

/** The intersection of two boxes, or undefined when empty. */
export function intersect(a: Box, b: Box): Box | undefined {
  const start: number[] = [];
  const shape: number[] = [];
  for (let k = 0; k < a.start.length; k++) {
    const lo = Math.max(a.start[k], b.start[k]);
    const hi = Math.min(a.start[k] + a.shape[k], b.start[k] + b.shape[k]);
    if (hi <= lo) return undefined;
    start.push(lo);
    shape.push(hi - lo);
  }
  return { start, shape };
}
