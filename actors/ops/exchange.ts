/**
 * Pure planning of a halo exchange on an N-D chunk grid: which slabs go from which block to which, in
 * one global order that every actor computes alike (so a bundle of slabs needs no index on the wire),
 * and the row geometry of a block along an axis. No I/O.
 *
 * A halo group is one (axis, input component) pair with the widest halo any term of the stage needs
 * along it; an axis with one block, or a zero halo, has no group and moves nothing.
 */
import { type BlockHalo, type HaloPiece, haloPlan } from '../../operators/core/halo.ts';
import type { ChunkGrid } from '../chunks.ts';
import type { Stage } from './stages.ts';

export interface HaloGroup {
  axis: number;
  comp: number;
  halo: [number, number];
  /** haloPlan along the axis, one entry per block coordinate. */
  plan: BlockHalo[];
}

/** One slab: block `from` sends `piece` (along the group's axis) to block `to`. */
export interface SlabMove {
  group: number;
  from: number;
  to: number;
  piece: HaloPiece;
}

/** Kernel halo of a term in the direction applied. */
export const termHalo = (k: { halo: readonly [number, number]; haloAdjoint: readonly [number, number] }, adjoint: boolean) => (adjoint ? k.haloAdjoint : k.halo);

/** The halo groups of a stage on `grid` (chunked axes with a non-zero halo only). */
export function haloGroups(stage: Stage, adjoint: boolean, grid: ChunkGrid): HaloGroup[] {
  const groups: HaloGroup[] = [];
  for (const t of stage.terms) {
    const [l, r] = termHalo(t.kernel, adjoint);
    if (grid.counts[t.axis] < 2 || l + r === 0) continue;
    const g = groups.find((q) => q.axis === t.axis && q.comp === t.inComp);
    if (g) g.halo = [Math.max(g.halo[0], l), Math.max(g.halo[1], r)];
    else groups.push({ axis: t.axis, comp: t.inComp, halo: [l, r], plan: [] });
  }
  for (const g of groups) g.plan = haloPlan(grid.sizes[g.axis], g.halo);
  return groups;
}

/** The group of a term, or -1 when its axis needs no exchange. */
export function groupOf(groups: readonly HaloGroup[], axis: number, comp: number): number {
  return groups.findIndex((g) => g.axis === axis && g.comp === comp);
}

/** Every slab of the exchange, in the global order (group, receiving block, piece). */
export function slabMoves(groups: readonly HaloGroup[], grid: ChunkGrid): SlabMove[] {
  const moves: SlabMove[] = [];
  groups.forEach((g, gi) => {
    for (let b = 0; b < grid.nblocks; b++) {
      const c = grid.coords(b);
      for (const piece of g.plan[c[g.axis]].pieces) {
        c[g.axis] = piece.from;
        moves.push({ group: gi, from: grid.index(c), to: b, piece });
        c[g.axis] = piece.to;
      }
    }
  });
  return moves;
}

/** A block viewed as (outer, n, inner) around `axis`; `width` = 2 for complex numbers. */
export interface AxisView {
  outer: number;
  n: number;
  inner: number;
}

export function axisView(shape: readonly number[], axis: number, width: number): AxisView {
  let outer = 1;
  let inner = width;
  for (let a = 0; a < axis; a++) outer *= shape[a];
  for (let a = axis + 1; a < shape.length; a++) inner *= shape[a];
  return { outer, n: shape[axis], inner };
}

/** Numbers in a slab of `length` samples along the axis. */
export const slabSize = (v: AxisView, length: number) => v.outer * length * v.inner;
