/**
 * Solvers on distributed vectors: 50 cg iterations of Laplacian-regularised denoising in the normal
 * equations form, (I + λ² LᴴL) x = d, on 1024² and 2048² float64 images, run locally (LocalVectors),
 * in simulation (2 partitions in this process) and over NATS (2 worker processes). VStack has no
 * distributed protocol yet, so the cgls form VStack[I, λL] of bench/solvers.bench.ts cannot run here;
 * each cg iteration applies the operator once (diag(1) x + λ² Lᴴ(L x): two Laplacian stencils).
 *
 * Per iteration: the median interval between iterations of a 50-iteration run; the operator apply (the
 * median of standalone applies of the same operator in the same mode, output ready); the vector ops of an
 * iteration run standalone through the same space (3 axpby, 2 dot: memory passes in the actors and the round
 * trips of the 2 reductions); machine + messages: the per-iteration time of the same solver on a tiny
 * image on the same cluster (the same machine steps, commands and messages, negligible compute); and
 * the rest (allocation/GC and cache effects of the full run, and noise).
 */
import { loadavg } from 'node:os';
import { type Cluster, DistributedArray, DistributedVectors, type LinearOperator, LocalVectors, NDArray, cg, fromSpec, launchCluster, type VectorSpace } from '../index.ts';
import { ms, table } from './timing.ts';

export const title = 'Solvers on distributed vectors: cg on Laplacian-regularised denoising (local, simulation, NATS)';

const niter = 50;
const lambda = 0.5;
const SIZES: [number, number][] = [
  [1024, 3],
  [2048, 2],
];

/** I + λ² LᴴL on [n, n] (the identity as a Diagonal of ones: Identity is 1-D only). */
function operator(n: number): LinearOperator {
  const L = fromSpec({ op: 'Laplacian', params: { dims: [n, n], axes: [0, 1], dtype: 'float64' } });
  const I = fromSpec({ op: 'Diagonal', params: { diag: new Array(n * n).fill(1), dims: [n, n], dtype: 'float64' } });
  return I.plus(L.H.dot(L).scale(lambda * lambda));
}

/** A smooth image plus deterministic "noise". */
function image(n: number): NDArray {
  const d = NDArray.zeros([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d.data[i * n + j] = Math.sin(i / 40) * Math.cos(j / 25) + 0.3 * Math.sin(977 * i + 131 * j);
  return d;
}

interface Mode {
  name: string;
  /** The data in this mode, the mode's vector space, a release of its vectors, one ready apply. */
  y(d: NDArray): unknown;
  space(op: LinearOperator, y: unknown): VectorSpace<unknown>;
  release(x: unknown): Promise<void>;
  applyOnce(op: LinearOperator, x: unknown): Promise<void>;
}

const localMode: Mode = {
  name: 'local',
  y: (d) => d.data,
  space: (op) => LocalVectors.forOperator(op) as VectorSpace<unknown>,
  release: async () => {},
  applyOnce: async (op, x) => void op.matvec(x as Float64Array),
};

function clusterMode(name: string, cluster: Cluster): Mode {
  return {
    name,
    y: (d) => cluster.fromArray(d, { chunks: [2, 1] }),
    space: (op, y) => DistributedVectors.forOperator(cluster, op, { y: y as DistributedArray }) as VectorSpace<unknown>,
    release: (x) => (x as DistributedArray).free(),
    applyOnce: async (op, x) => {
      const q = op.matvec(x as DistributedArray);
      await q.ready;
      await q.free();
    },
  };
}

let seq = 0;
/** The vector ops of one cg iteration besides the apply (cg.ts update + apply phases). */
async function vectorOps(space: VectorSpace<unknown>, v: { x: unknown; r: unknown; c: unknown; q: unknown }): Promise<void> {
  const k = () => `bench/${seq++}`;
  await space.dot(v.c, v.q, k());
  void space.axpby(1e-9, v.c, 1, v.x, k());
  void space.axpby(-1e-9, v.q, 1, v.r, k());
  await space.dot(v.r, v.r, k());
  await space.axpby(1, v.r, 1e-9, v.c, k());
}

/**
 * Per-iteration time of cg on an n² image: the median of the iteration-to-iteration intervals of a
 * k-iteration run (seen by the callback), the smallest median over `runs` runs. Medians, because the
 * 2 cores are shared: a mean over 50 iterations catches every other process's burst.
 */
async function perIteration(mode: Mode, n: number, k: number, runs: number): Promise<number> {
  const op = operator(n);
  const y = mode.y(image(n));
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const stamps: number[] = [];
    const res = await cg(op, y as Float64Array, { niter: k, tol: 0, callback: () => void stamps.push(performance.now()) });
    await mode.release(res.x);
    best = Math.min(best, median(stamps.slice(1).map((t, i) => t - stamps[i])));
  }
  await mode.release(y);
  return best;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Standalone times of one apply and of one iteration's vector ops in `mode`. */
const PARTS_RUNS = 7;

/** Median wall time of `fn` over `runs` runs after one untimed run. */
async function medianTime(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

async function parts(mode: Mode, n: number): Promise<{ apply: number; vec: number }> {
  const op = operator(n);
  const y = mode.y(image(n));
  const apply = await medianTime(() => mode.applyOnce(op, y), PARTS_RUNS);
  const space = mode.space(op, y);
  const fresh = (i: number) => space.fromLocal(image(n).data.map((a) => a + i), 'model', `bench/v${seq++}`);
  const v = { x: await fresh(0), r: await fresh(1), c: await fresh(2), q: await fresh(3) };
  const vec = await medianTime(() => vectorOps(space, v), PARTS_RUNS);
  await Promise.all(Object.values(v).map((a) => space.free(a)));
  await mode.release(y);
  return { apply, vec };
}

const TINY = 4;
async function measure(mode: Mode, n: number, runs: number): Promise<(string | number)[]> {
  const total = await perIteration(mode, n, niter, runs);
  const { apply, vec } = await parts(mode, n);
  const fixed = await perIteration(mode, TINY, 200, 3);
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)} %`;
  return [`${n}²`, mode.name, ms(total), ms(apply), ms(vec), ms(fixed), pct(fixed), ms(total - apply - vec - fixed), pct(total - apply)];
}

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  const load = loadavg();
  const sim = await launchCluster({ partitions: 2 });
  const nats = await launchCluster({ transport: 'nats', workers: 2 });
  try {
    for (const [n, runs] of SIZES) for (const mode of [localMode, clusterMode('simulation, 2 partitions', sim), clusterMode('NATS, 2 workers', nats)]) rows.push(await measure(mode, n, runs));
  } finally {
    await Promise.all([sim.close(), nats.close()]);
  }
  const head = ['image', 'mode', 'per iteration (ms)', 'operator apply (ms)', 'vector ops (ms)', 'machine + messages (ms)', 'machine + messages share', 'rest (ms)', 'beyond the apply'];
  return [
    `\`cg(I + ${lambda}²·LᴴL, d, { niter: ${niter}, tol: 0 })\` on float64 images, d chunked in 2 blocks along axis 0; the`,
    'cgls form VStack[I, λL] needs a distributed VStack, which does not exist yet. One operator apply per iteration',
    '(diag(1)·x, L, Lᴴ, scale, sum); vector ops: 3 axpby and 2 dot products over n² vectors, timed alone in the same mode.',
    `"machine + messages": the per-iteration time of the same solver on a ${TINY}² image on the same cluster (the same machine`,
    'steps, commands and messages, no compute to speak of); "rest": per iteration minus apply, vector ops and machine +',
    'messages (allocation, GC, cache effects, and the noise of shared cores); "beyond the apply": all but the apply.',
    'Only scalars reach the driver each iteration (the 2 reductions: 2 numbers per block). All times are medians',
    `(per iteration: of the intervals between iterations, best of the runs; apply and vector ops: of ${PARTS_RUNS} runs).`,
    `Load average at the start: ${load.map((l) => l.toFixed(1)).join(', ')} (2 cores shared with other work: treat the rest column as noisy).`,
    '',
    table(head, rows),
  ].join('\n');
}
