/**
 * The driver-side cluster: the actor list, block placement, and the protocol steps every distributed
 * array uses (per-block commands, scatter, gather, rechunk). Mode-independent: simulation, local
 * cluster and multi-host differ only in the transport and in who started the actors (Cluster.ts).
 */
import { type DType, type FloatArray, alloc, isComplex, prod } from '../operators/core/dtype.ts';
import { InvalidParameterError, DTypeError } from '../operators/core/errors.ts';
import { NDArray } from '../operators/core/NDArray.ts';
import { dataSubject } from '../runtime/cluster/subjects.ts';
import { sendBulk } from './bulk.ts';
import { type Box, ChunkGrid, type ChunksSpec, intersect, placeBlock } from './chunks.ts';
import { DistributedArray } from './DistributedArray.ts';
import type { Driver } from './Driver.ts';
import { copyBox } from './kernels.ts';
import { type HaloGroup, slabMoves } from './ops/exchange.ts';
import { haloPlan } from '../operators/core/halo.ts';

export interface ArrayOptions {
  /** Chunk grid (see chunks.ts); default: axis 0 split over the actors. */
  chunks?: ChunksSpec;
  /** @defaultValue 'float64' */
  dtype?: DType;
}

const width = (d: DType) => (isComplex(d) ? 2 : 1);

export class ClusterCore {
  private arrays = 0;
  /** The placement map: slot k (blocks `placeBlock(·, ·, actors.length) = k`) lives on `slots[k]`. */
  private slots: string[];
  private version = 0;

  constructor(
    readonly driver: Driver,
    /** Actor names in placement order: the home actor of each slot. */
    readonly actors: readonly string[],
  ) {
    this.slots = [...actors];
  }

  /** The actor holding each slot now (a copy; `actors` until a slot is moved). */
  get slotOwners(): string[] {
    return [...this.slots];
  }

  /** Version of the placement map: bumped by every `moveSlots` that changes it. */
  get placementVersion(): number {
    return this.version;
  }

  /**
   * Moves slots to other actors (a supervisor re-placing a lost worker's blocks); arrays made before
   * keep their old ids, so their moved blocks are unknown to the new owner: callers restore them.
   * Returns the placement version, bumped when a slot changed actor or when `bump` (an incarnation
   * died: arrays with blocks on it are stale even if its slots stay under its name).
   */
  moveSlots(moves: ReadonlyMap<number, string>, bump = false): number {
    let changed = false;
    for (const [k, actor] of moves) {
      if (!Number.isInteger(k) || k < 0 || k >= this.slots.length) throw new InvalidParameterError('Cluster.moveSlots', 'slot', k, `an integer in [0, ${this.slots.length})`);
      changed ||= this.slots[k] !== actor;
      this.slots[k] = actor;
    }
    return changed || bump ? ++this.version : this.version;
  }

  get name(): string {
    return this.driver.cluster;
  }

  /** A fresh array id (a token unique to this driver). */
  newArrayId(): string {
    return `${this.driver.id}-a${++this.arrays}`;
  }

  /** The owner of block `b` of `grid`: the actor holding its slot in the placement map. */
  owner(grid: ChunkGrid, b: number): string {
    return this.slots[placeBlock(b, grid.nblocks, this.slots.length)];
  }

  /** Blocks of `grid` per owning actor (contiguous runs, in block order). */
  byActor(grid: ChunkGrid): Map<string, number[]> {
    const m = new Map<string, number[]>();
    for (let b = 0; b < grid.nblocks; b++) {
      const a = this.owner(grid, b);
      if (!m.has(a)) m.set(a, []);
      m.get(a)!.push(b);
    }
    return m;
  }

  /**
   * Where the blocks of an array (or of `{ shape, chunks }`) live, and, for a stencil with the given
   * halo along the given axes, every halo slab of one apply with its sending and receiving worker. The
   * slabs are those of the operator protocols (actors/ops/exchange.ts); each worker sends one bundle
   * per receiving worker, so `bundles` are the halo messages that cross workers.
   */
  placement(x: DistributedArray | { shape: readonly number[]; chunks?: ChunksSpec }, stencil: StencilAxis | readonly StencilAxis[] = []): Placement {
    const grid = x instanceof DistributedArray ? x.grid : this.grid(x.shape, x.chunks);
    const blocks = Array.from({ length: grid.nblocks }, (_, b) => ({ block: b, ...grid.box(b), worker: this.owner(grid, b) }));
    const workers = Object.fromEntries([...new Set(this.slots)].map((a) => [a, [] as number[]]));
    for (const { block, worker } of blocks) workers[worker].push(block);
    const slabs = haloSlabs(grid, Array.isArray(stencil) ? stencil : [stencil as StencilAxis]).map((m) => ({ ...m, fromWorker: blocks[m.from].worker, toWorker: blocks[m.to].worker }));
    const bundles = new Map<string, HaloBundle>();
    for (const s of slabs) {
      if (s.fromWorker === s.toWorker) continue;
      const k = `${s.fromWorker}>${s.toWorker}`;
      if (!bundles.has(k)) bundles.set(k, { from: s.fromWorker, to: s.toWorker, slabs: 0 });
      bundles.get(k)!.slabs++;
    }
    const crossing = slabs.filter((s) => s.fromWorker !== s.toWorker).length;
    return { shape: [...grid.shape], chunks: grid.toJSON(), blocks, workers, halo: { slabs, crossing, bundles: [...bundles.values()] } };
  }

  /** Calls `fn` once per actor owning blocks of `grid`; resolves when all are done. */
  perActor<T>(grid: ChunkGrid, fn: (actor: string, blocks: number[]) => Promise<T>): Promise<T[]> {
    return Promise.all([...this.byActor(grid)].map(([a, blocks]) => fn(a, blocks)));
  }

  /**
   * Sends `command` to every actor owning blocks of `like`, with the actor's block list; each reply is
   * `width` numbers per block. Resolves with the per-block results in block order, after the inputs'
   * own creation (so the first error of a chain is the one reported). Commands go out at once.
   */
  async perBlock(like: DistributedArray, command: string, args: (blocks: number[]) => object, width: number, key: string | undefined, inputs: DistributedArray[]): Promise<number[][]> {
    const sent = this.perActor(like.grid, async (actor, blocks) => {
      const r = (await this.driver.command(actor, command, args(blocks), key && `${key}@${actor}`)) as number[] | null;
      return blocks.map((b, i) => [b, ...(r ?? []).slice(i * width, (i + 1) * width)]);
    });
    sent.catch(() => {});
    await Promise.all(inputs.map((x) => x.ready));
    const out = new Array<number[]>(like.grid.nblocks);
    for (const rows of await sent) for (const [b, ...v] of rows) out[b] = v;
    return out;
  }

  /** Scatters a local array (NDArray, or a flat typed array with `shape`) into the actors. */
  fromArray(nd: NDArray, opts: ArrayOptions = {}): DistributedArray {
    if (!(nd instanceof NDArray)) throw new DTypeError('Cluster.fromArray', 'an NDArray', typeof nd);
    const grid = this.grid(nd.shape, opts.chunks);
    const id = this.newArrayId();
    const w = width(nd.dtype);
    const timeout = this.driver.timeout;
    const done = this.perActor(grid, (actor, blocks) =>
      Promise.all(
        blocks.map((b) => {
          const box = grid.box(b);
          const t = this.driver.nextTransfer();
          sendBulk(this.driver.transport, dataSubject(this.name, actor), t, extract(nd.data, nd.shape, box, nd.dtype, w), nd.dtype);
          return this.driver.command(actor, 'put', { id, dtype: nd.dtype, b, shape: box.shape, t, timeout });
        }),
      ),
    );
    return new DistributedArray(this, id, [...nd.shape], nd.dtype, grid, done.then(() => undefined));
  }

  /** A new array of zeros. */
  zeros(shape: readonly number[], opts: ArrayOptions = {}): DistributedArray {
    return this.alloc(shape, opts, undefined);
  }

  /** Uniform numbers in [-1, 1): the same as `NDArray.random(shape, seed, dtype)` gathered. */
  random(shape: readonly number[], opts: ArrayOptions & { seed?: number } = {}): DistributedArray {
    return this.alloc(shape, opts, opts.seed ?? 0);
  }

  /** Gathers an array into a local NDArray. */
  async gather(x: DistributedArray): Promise<NDArray> {
    const out = NDArray.zeros(x.shape, x.dtype);
    const w = width(x.dtype);
    const to = this.driver.dataSubject;
    const timeout = this.driver.timeout;
    const got = this.perActor(x.grid, (actor, blocks) =>
      Promise.all(
        blocks.map(async (b) => {
          const t = this.driver.nextTransfer();
          const box = x.grid.box(b);
          const r = contiguous(x.shape, box); // then the chunks land straight in `out`
          const into = r && out.data.subarray(r[0] * w, r[1] * w);
          const data = this.driver.inbox.take(t, timeout, into);
          data.catch(() => {});
          await this.driver.command(actor, 'get', { id: x.id, b, to, t });
          const got = await data;
          if (!into) place(got, out.data, x.shape, box, w);
        }),
      ),
    );
    got.catch(() => {});
    await x.ready;
    await got;
    return out;
  }

  /** The same values on a new grid: each overlap box goes straight from its old owner to its new one. */
  rechunk(x: DistributedArray, chunks: ChunksSpec): DistributedArray {
    const to = this.grid(x.shape, chunks);
    const id = this.newArrayId();
    const timeout = this.driver.timeout;
    const jobs: Promise<unknown>[] = [];
    for (let nb = 0; nb < to.nblocks; nb++) {
      const nbox = to.box(nb);
      const dest = this.owner(to, nb);
      const pieces: { t: string; at: number[]; shape: number[] }[] = [];
      for (let ob = 0; ob < x.grid.nblocks; ob++) {
        const obox = x.grid.box(ob);
        const cut = intersect(nbox, obox);
        if (!cut) continue;
        const t = this.driver.nextTransfer();
        const start = cut.start.map((s, k) => s - obox.start[k]);
        jobs.push(this.driver.command(this.owner(x.grid, ob), 'sendBox', { id: x.id, b: ob, start, shape: cut.shape, to: dataSubject(this.name, dest), t }));
        pieces.push({ t, at: cut.start.map((s, k) => s - nbox.start[k]), shape: cut.shape });
      }
      jobs.push(this.driver.command(dest, 'assemble', { id, dtype: x.dtype, b: nb, shape: nbox.shape, pieces, timeout }));
    }
    const all = Promise.all(jobs);
    all.catch(() => {});
    const done = x.ready.then(() => all).then(() => undefined);
    return new DistributedArray(this, id, x.shape, x.dtype, to, done);
  }

  /** A chunk grid for `shape`: `chunks`, or axis 0 split over the actors. */
  grid(shape: readonly number[], chunks?: ChunksSpec): ChunkGrid {
    if (!Array.isArray(shape) || shape.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new InvalidParameterError('Cluster', 'shape', shape, 'a list of positive integers');
    }
    return new ChunkGrid(shape, chunks ?? (shape.length ? Math.min(shape[0], this.actors.length) : 1));
  }

  private alloc(shape: readonly number[], opts: ArrayOptions, seed: number | undefined): DistributedArray {
    const dtype = opts.dtype ?? 'float64';
    const grid = this.grid(shape, opts.chunks);
    const id = this.newArrayId();
    const done = this.perActor(grid, (actor, blocks) =>
      this.driver.command(actor, 'alloc', { id, dtype, blocks: blocks.map((b) => ({ b, ...grid.box(b) })), seed, global: seed === undefined ? undefined : [...shape] }),
    );
    return new DistributedArray(this, id, [...shape], dtype, grid, done.then(() => undefined));
  }
}

/** A stencil's reach along one axis: `halo` samples on each side, or `[left, right]`. */
export interface StencilAxis {
  axis: number;
  halo: number | readonly [number, number];
}

/** A halo slab block `from` sends block `to` in one apply, with the workers holding them. */
export interface HaloSlab {
  axis: number;
  from: number;
  to: number;
  fromWorker: string;
  toWorker: string;
}

/** The one message worker `from` sends worker `to` per apply, carrying `slabs` slabs. */
export interface HaloBundle {
  from: string;
  to: string;
  slabs: number;
}

/** Block → worker map of a grid and the halo traffic of a stencil on it (see ClusterCore.placement). */
export interface Placement {
  shape: number[];
  chunks: number[][];
  blocks: { block: number; start: number[]; shape: number[]; worker: string }[];
  /** Blocks per worker, in block order (a contiguous run each). */
  workers: Record<string, number[]>;
  halo: { slabs: HaloSlab[]; crossing: number; bundles: HaloBundle[] };
}

/** Every halo slab of a stencil on `grid`, in the global order of the operator protocols. */
function haloSlabs(grid: ChunkGrid, stencil: readonly StencilAxis[]): { axis: number; from: number; to: number }[] {
  const groups: HaloGroup[] = [];
  for (const { axis, halo } of stencil) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= grid.shape.length) throw new InvalidParameterError('Cluster.placement', 'axis', axis, `an integer in [0, ${grid.shape.length})`);
    const h: [number, number] = typeof halo === 'number' ? [halo, halo] : [halo[0], halo[1]];
    if (h.some((n) => !Number.isInteger(n) || n < 0)) throw new InvalidParameterError('Cluster.placement', 'halo', halo, 'a non-negative integer or a pair of them');
    if (grid.counts[axis] < 2 || h[0] + h[1] === 0) continue;
    groups.push({ axis, comp: 0, halo: h, plan: haloPlan(grid.sizes[axis], h) });
  }
  return slabMoves(groups, grid).map((m) => ({ axis: groups[m.group].axis, from: m.from, to: m.to }));
}

/** Offsets [from, to) of `box` in the flat C-order array of `shape` when the box is contiguous there. */
function contiguous(shape: readonly number[], box: Box): [number, number] | undefined {
  let k = 0;
  while (k < shape.length && box.shape[k] === 1) k++;
  for (let a = k + 1; a < shape.length; a++) if (box.shape[a] !== shape[a]) return undefined;
  let from = 0;
  for (let a = 0; a < shape.length; a++) from = from * shape[a] + box.start[a];
  return [from, from + prod(box.shape)];
}

/** The numbers of `box` of a C-order array (a view when contiguous, else a copy). */
function extract(data: FloatArray, shape: readonly number[], box: Box, dtype: DType, w: number): FloatArray {
  const r = contiguous(shape, box);
  if (r) return data.subarray(r[0] * w, r[1] * w);
  const out = alloc(dtype, prod(box.shape));
  copyBox(data, shape, box.start, out, box.shape, box.shape.map(() => 0), box.shape, w);
  return out;
}

/** Writes a block's numbers into the box of a C-order array. */
function place(block: FloatArray, data: FloatArray, shape: readonly number[], box: Box, w: number): void {
  const r = contiguous(shape, box);
  if (r) data.set(block, r[0] * w);
  else copyBox(block, box.shape, box.shape.map(() => 0), data, shape, box.start, box.shape, w);
}
