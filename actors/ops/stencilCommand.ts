/**
 * The partition-actor side of the halo-exchange protocol (command `ops.stencil`), split-phase:
 *
 * 1. publish: every boundary slab a neighbour block on another actor needs is cut from the local blocks
 *    and sent at once, one bundle per destination actor (transfer id `<tag>:<from>><to>`, on the
 *    destination's halo subject, received by its halo mailbox: haloMailbox.ts); slabs between blocks of
 *    this actor are copied in memory, no message;
 * 2. interior: the rows that need no halo are computed while the bundles are in flight (terms summed
 *    into one output wait for the earlier terms of that output: each sample sees them in order); when
 *    only axis 0 exchanges halo, all terms run row-tiled on the owned block (tiles.ts: no extended copy,
 *    the output stays in cache between terms, as in the local operators);
 * 3. wait: the bundles from the neighbour actors (all pairs exchange at once, no chain);
 * 4. edges: the remaining rows run on [left halo | own rows | right halo], with the terms in the order
 *    of the local operator (stages.ts), and the output blocks are stored.
 *
 * An axis with one block, or a kernel with a zero halo, moves nothing. The command's idempotency key
 * makes a duplicate answer from the actor's cache; a re-run (retry after a lost first attempt) sends
 * bundles with the same transfer ids, and the mailbox drops a second copy of a bundle; a bundle lost
 * on the way is sent again on the receiver's request.
 */
import { type DType, type FloatArray, allocRaw, isComplex, prod, realOf } from '../../operators/core/dtype.ts';
import { sliceAxis, placeAxis } from '../../operators/core/halo.ts';
import type { Spec } from '../../operators/core/LinearOperator.ts';
import { haloSubject } from '../../runtime/cluster/subjects.ts';
import { ChunkGrid } from '../chunks.ts';
import { type ActorContext, registerCommand } from '../registry.ts';
import { type HaloMailbox, haloMailbox } from './haloMailbox.ts';
import { type HaloGroup, type SlabMove, axisView, groupOf, haloGroups, slabMoves, slabSize, termHalo } from './exchange.ts';
import { type BlockRows, type KernelCall, edges, interior, scaleBy } from './rows.ts';
import { outputStorage, stored } from './recycle.ts';
import { type Stage, cachedOperator, stencilStages } from './stages.ts';
import { type TileTerm, runTiles, tileInterior } from './tiles.ts';

export interface StencilArgs {
  spec: Spec;
  adjoint: boolean;
  /** Index into stencilStages(op, adjoint). */
  stage: number;
  x: string;
  out: string;
  outDtype: DType;
  /** Chunk sizes of the (unstacked) grid; a stacked array has one more, unchunked, leading axis. */
  sizes: number[][];
  /** Owner of every block. */
  owners: string[];
  /** Blocks of this actor. */
  blocks: number[];
  /** Unique per apply and stage: the transfer ids derive from it. */
  tag: string;
  timeout: number;
}

/** Per block of this actor: one BlockRows and kernel call per term, the output, and each term's progress. */
interface Work {
  b: number;
  rows: BlockRows[];
  calls: KernelCall[];
  /** The term reads halo rows (its axis is chunked and its kernel reaches out). */
  halo: boolean[];
  state: ('todo' | 'interior' | 'done')[];
  out: FloatArray;
  /** When only axis 0 exchanges halo: the terms run row-tiled (tiles.ts), rows [a, b) before the halo. */
  tiled?: { terms: TileTerm[]; n0: number; a: number; b: number };
}

registerCommand<StencilArgs>('ops.stencil', { arrays: (a) => [a.x, a.out], run: runStencil });

async function runStencil(ctx: ActorContext, a: StencilArgs): Promise<{ messages: number; bytes: number }> {
  const stage = stencilStages(cachedOperator(a.spec), a.adjoint)![a.stage];
  const grid = new ChunkGrid(a.sizes.map((s) => s.reduce((p, q) => p + q, 0)), a.sizes);
  const groups = haloGroups(stage, a.adjoint, grid);
  const moves = slabMoves(groups, grid);
  const inDtype = ctx.part(a.x).dtype;
  const width = isComplex(inDtype) ? 2 : 1;
  const me = ctx.actor;
  const component = (b: number, c: number): FloatArray => {
    const data = ctx.block(a.x, b).data;
    const n = prod(grid.box(b).shape) * width;
    return stage.stackedIn ? data.subarray(c * n, (c + 1) * n) : data;
  };
  const slab = (m: SlabMove): FloatArray => {
    const g = groups[m.group];
    const v = axisView(grid.box(m.from).shape, g.axis, width);
    return sliceAxis(component(m.from, g.comp), v.outer, v.n, v.inner, m.piece.fromStart, m.piece.length);
  };

  // 1. publish every slab another actor needs, one bundle per destination
  const box = haloMailbox(ctx);
  const sent = publish(ctx, box, a, moves, slab, realOf(inDtype));
  const sources = [...new Set(moves.filter((m) => a.owners[m.to] === me && a.owners[m.from] !== me).map((m) => a.owners[m.from]))];
  const arrivals = sources.map((s) => box.take(`${a.tag}:${s}>${me}`, haloSubject(ctx.cluster, s), a.timeout));
  arrivals.forEach((p) => p.catch(() => {}));

  // 2. interior rows of every term while the bundles travel
  const work = a.blocks.map((b) => prepare(ctx, a, stage, groups, grid, b, component, width, inDtype));
  for (const w of work) {
    early(stage, w, a.adjoint);
    if (w.out.length > 1 << 20) await ctx.yield();
  }

  // 3. the neighbours' bundles, cut back into slabs in the global order
  const got = await Promise.all(arrivals);
  const bundles = new Map(sources.map((s, i) => [s, { data: got[i], at: 0 }]));
  const byBlock = new Map(work.map((w) => [w.b, w]));
  for (const m of moves) {
    const w = a.owners[m.to] === me ? byBlock.get(m.to) : undefined;
    if (!w) continue;
    const from = a.owners[m.from];
    let data: FloatArray;
    if (from === me) data = slab(m);
    else {
      const bundle = bundles.get(from)!;
      const n = slabSize(axisView(grid.box(m.to).shape, groups[m.group].axis, width), m.piece.length);
      data = bundle.data.subarray(bundle.at, bundle.at + n);
      bundle.at += n;
    }
    place(w, stage, groups, m, data);
  }

  // 4. edge rows and the terms that had to wait, in the local operator's order
  for (const w of work) {
    late(stage, w, a.adjoint);
    ctx.setBlock(a.out, a.outDtype, w.b, { shape: stage.stackedOut ? [stage.stackedOut, ...grid.box(w.b).shape] : grid.box(w.b).shape, data: w.out });
    stored(ctx, w.out);
  }
  return sent;
}

/** Sends one bundle per destination actor; returns the count of bundles and their bytes. */
function publish(ctx: ActorContext, box: HaloMailbox, a: StencilArgs, moves: SlabMove[], slab: (m: SlabMove) => FloatArray, raw: DType): { messages: number; bytes: number } {
  const outgoing = new Map<string, FloatArray[]>();
  for (const m of moves) {
    const dest = a.owners[m.to];
    if (a.owners[m.from] !== ctx.actor || dest === ctx.actor) continue;
    if (!outgoing.has(dest)) outgoing.set(dest, []);
    outgoing.get(dest)!.push(slab(m));
  }
  let bytes = 0;
  for (const [dest, slabs] of outgoing) {
    const bundle = allocRaw(raw, slabs.reduce((s, x) => s + x.length, 0));
    let at = 0;
    for (const s of slabs) (bundle.set(s, at), (at += s.length));
    box.send(haloSubject(ctx.cluster, dest), `${a.tag}:${ctx.actor}>${dest}`, bundle, raw);
    bytes += bundle.byteLength;
  }
  return { messages: outgoing.size, bytes };
}

/** The output block, per-term rows (halo buffers empty until `place` fills them) and kernel calls. */
function prepare(ctx: ActorContext, a: StencilArgs, stage: Stage, groups: HaloGroup[], grid: ChunkGrid, b: number, component: (b: number, c: number) => FloatArray, width: number, inDtype: DType): Work {
  const shape = grid.box(b).shape;
  const coords = grid.coords(b);
  const out = outputStorage(ctx, a.out, a.outDtype, prod(shape) * Math.max(1, stage.stackedOut)); // every sample is written below
  const seen = new Set<number>();
  const halos = new Map<number, { left: FloatArray; right: FloatArray; L: number; R: number }>();
  const rows = stage.terms.map((t): BlockRows => {
    const view = axisView(shape, t.axis, width);
    const gi = groupOf(groups, t.axis, t.inComp);
    if (gi >= 0 && !halos.has(gi)) {
      const p = groups[gi].plan[coords[t.axis]];
      halos.set(gi, { left: allocRaw(inDtype, slabSize(view, p.left)), right: allocRaw(inDtype, slabSize(view, p.right)), L: p.left, R: p.right });
    }
    const h = halos.get(gi) ?? { left: allocRaw(inDtype, 0), right: allocRaw(inDtype, 0), L: 0, R: 0 };
    return { view, own: component(b, t.inComp), start: grid.starts[t.axis][coords[t.axis]], total: grid.shape[t.axis], ...h };
  });
  const calls = stage.terms.map((t): KernelCall => {
    const add = seen.has(t.outComp); // the first term of a component sets it, the others accumulate
    seen.add(t.outComp);
    return { kernel: t.kernel, adjoint: a.adjoint, add, weight: t.weight };
  });
  const halo = stage.terms.map((t) => groupOf(groups, t.axis, t.inComp) >= 0);
  const w: Work = { b, rows, calls, halo, state: stage.terms.map(() => 'todo'), out };
  if (groups.every((g) => g.axis === 0)) {
    const terms = stage.terms.map((t, i): TileTerm => ({ axis: t.axis, rows: rows[i], call: calls[i], halo: termHalo(t.kernel, a.adjoint), exchanges: halo[i], out: outView(stage, w, t.outComp) }));
    const [a0, b0] = tileInterior(terms, shape[0]);
    w.tiled = { terms, n0: shape[0], a: a0, b: b0 };
  }
  return w;
}

/**
 * Phase 1, in term order per output component: a term without halo runs whole; a term with halo runs
 * its interior rows, and the later terms of its component wait (each sample must see the terms in order).
 */
function early(stage: Stage, w: Work, adjoint: boolean): void {
  if (w.tiled) return runTiles(w.tiled.terms, w.tiled.n0, w.tiled.a, w.tiled.b);
  const blocked = new Set<number>();
  stage.terms.forEach((t, i) => {
    if (blocked.has(t.outComp)) return;
    const dst = outView(stage, w, t.outComp);
    interior(w.calls[i], termHalo(t.kernel, adjoint), w.rows[i], dst);
    if (w.halo[i]) {
      w.state[i] = 'interior';
      blocked.add(t.outComp);
      return;
    }
    if (!w.calls[i].add) scaleBy(dst, t.weight);
    w.state[i] = 'done';
  });
}

/** Phase 2, once the halo is in: the edge rows of started terms, then every term not done, in order. */
function late(stage: Stage, w: Work, adjoint: boolean): void {
  const t = w.tiled;
  if (t) return (runTiles(t.terms, t.n0, 0, t.a), runTiles(t.terms, t.n0, t.b, t.n0));
  stage.terms.forEach((t, i) => {
    if (w.state[i] === 'done') return;
    const dst = outView(stage, w, t.outComp);
    const h = termHalo(t.kernel, adjoint);
    if (w.state[i] === 'todo') interior(w.calls[i], h, w.rows[i], dst);
    edges(w.calls[i], h, w.rows[i], dst);
    if (!w.calls[i].add) scaleBy(dst, t.weight);
    w.state[i] = 'done';
  });
}

/** Writes a received slab into the halo buffer of its receiving block. */
function place(w: Work, stage: Stage, groups: HaloGroup[], m: SlabMove, data: FloatArray): void {
  const g = groups[m.group];
  const i = stage.terms.findIndex((t) => t.axis === g.axis && t.inComp === g.comp);
  const r = w.rows[i];
  const { outer, n, inner } = r.view;
  if (m.piece.toStart < r.L) placeAxis(r.left, outer, r.L, inner, data, m.piece.toStart, m.piece.length);
  else placeAxis(r.right, outer, r.R, inner, data, m.piece.toStart - r.L - n, m.piece.length);
}

/** Output component c of a work block. */
function outView(stage: Stage, w: Work, c: number): FloatArray {
  if (!stage.stackedOut) return w.out;
  const n = w.out.length / stage.stackedOut;
  return w.out.subarray(c * n, (c + 1) * n);
}
