/**
 * The issue's solver benchmark: 50 cgls iterations of Laplacian-regularised denoising,
 * cgls(VStack[I, λL], [d; 0]) with λ = 0.5 on 1024² and 2048² float64 images, run locally
 * (LocalVectors), in simulation (2 partitions in this process) and over NATS (2 worker processes).
 * In the clusters y is a StackedArray [d; 0] (each part chunked [2, 1]) and the solver picks the
 * stacked vector space (StackedVectors) itself, so every vector stays in the actors.
 *
 * Per configuration: the time per iteration (median interval between callbacks, warm-up iteration
 * dropped); the operator applies of an iteration (a forward Op x plus an adjoint Opᴴ y of the same
 * operator in the same mode, outputs ready; min of several); the vector ops of an iteration (cgls'
 * 3 axpby, 2 dot and 1 norm in its phase order through the same vector space; min of several); and
 * machine + messages = per iteration − applies − vector ops. A second estimate of machine + messages:
 * the per-iteration time of the same solver on a 4² image on the same cluster.
 */
import { loadavg } from 'node:os';
import { type Cluster, type Distributed, type LinearOperator, LocalVectors, StackedArray, StackedVectors, type VectorSpace, launchCluster } from '../index.ts';
import { cgls } from '../solvers/index.ts';
import { image, increments, lambda, median, niter, problem } from './solvers.bench.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Solvers on distributed vectors: cgls on Laplacian-regularised denoising (local, simulation, NATS)';

/** Image sizes and the runs per iteration timing (fewer on 2048² to keep the bench under 3 minutes). */
const SIZES: [number, number][] = [
  [1024, 2],
  [2048, 1],
];
const PARTS_RUNS = 5;
const TINY = 4;
const TINY_ITERS = 100;
const CHUNKS = [2, 1];

/** How a mode holds vectors, applies the operator and frees what it made. */
interface Mode {
  name: string;
  /** The model d and the data [d; 0] in this mode. */
  model(n: number): unknown;
  data(n: number): unknown;
  space(op: LinearOperator, y: unknown): VectorSpace<unknown>;
  /** One forward and one adjoint apply, outputs ready, then freed. */
  applies(op: LinearOperator, x: unknown, y: unknown): Promise<void>;
  release(v: unknown): Promise<void>;
}

const localMode: Mode = {
  name: 'local',
  model: (n) => image(n).data,
  data: (n) => {
    const y = new Float64Array(2 * n * n);
    y.set(image(n).data);
    return y;
  },
  space: (op, y) => LocalVectors.forOperator(op, y as Float64Array) as VectorSpace<unknown>,
  applies: async (op, x, y) => void (op.applyFlat(x as Float64Array, false), op.applyFlat(y as Float64Array, true)), // as LocalVectors.apply
  release: async () => {},
};

function clusterMode(name: string, cluster: Cluster): Mode {
  return {
    name,
    model: (n) => cluster.fromArray(image(n), { chunks: CHUNKS }),
    data: (n) => StackedArray.of([cluster.fromArray(image(n), { chunks: CHUNKS }), cluster.zeros([n, n], { chunks: CHUNKS })]),
    space: (op, y) => StackedVectors.forOperator(cluster, op, { y: y as StackedArray }) as VectorSpace<unknown>,
    applies: async (op, x, y) => {
      const q = op.matvec(x as Distributed) as Distributed;
      await q.ready;
      const r = op.rmatvec(y as Distributed) as Distributed;
      await r.ready;
      await Promise.all([q.free(), r.free()]);
    },
    release: (v) => (v as Distributed).free(),
  };
}

/**
 * Median interval between iterations of a k-iteration cgls run on n² (warm-up iteration dropped), the
 * smaller median of `runs` runs (the 2 cores are shared: one run can be caught by another process's burst).
 */
async function perIteration(mode: Mode, n: number, k: number, runs: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const y = mode.data(n);
    const stamps: number[] = [];
    const res = await cgls(problem(n), y as Float64Array, { niter: k, tol: 0, callback: () => void stamps.push(performance.now()) });
    await Promise.all([mode.release(res.x), mode.release(y)]);
    best = Math.min(best, median(increments(stamps)));
  }
  return best;
}

let seq = 0;
/** The vector ops of one cgls iteration (damp 0), as cgls.ts issues them: reduce, update, apply. */
async function vectorOps(space: VectorSpace<unknown>, v: Record<'x' | 'c' | 'r' | 'q' | 's', unknown>): Promise<void> {
  const k = () => `bench/${seq++}`;
  await space.dot(v.q, v.q, k()); // reduce
  void space.axpby(1e-9, v.c, 1, v.x, k()); // update
  void space.axpby(-1e-9, v.q, 1, v.s, k());
  await Promise.all([space.dot(v.r, v.r, k()), space.norm(v.s, k())]);
  await space.axpby(1, v.r, 1e-9, v.c, k()); // apply
}

/** Minimum times of an iteration's applies and of its vector ops in `mode` on n². */
async function parts(mode: Mode, n: number): Promise<{ applies: number; vec: number }> {
  const op = problem(n);
  const [x, y] = [mode.model(n), mode.data(n)];
  const applies = await minTime(() => mode.applies(op, x, y), PARTS_RUNS, 1);
  const space = mode.space(op, y);
  const d = image(n).data;
  const stacked = new Float64Array(2 * n * n).fill(0.5);
  const fresh = (role: 'model' | 'data') => space.fromLocal(role === 'model' ? d : stacked, role, `bench/v${seq++}`);
  const v = { x: await fresh('model'), c: await fresh('model'), r: await fresh('model'), q: await fresh('data'), s: await fresh('data') };
  const vec = await minTime(() => vectorOps(space, v), PARTS_RUNS, 1);
  await Promise.all([...Object.values(v).map((a) => space.free(a)), mode.release(x), mode.release(y)]);
  return { applies, vec };
}

const pct = (t: number, of: number) => `${((100 * t) / of).toFixed(1)} %`;

async function measure(mode: Mode, n: number, runs: number, local: Map<number, number>): Promise<(string | number)[]> {
  const iter = await perIteration(mode, n, niter, runs);
  if (mode === localMode) local.set(n, iter);
  const { applies, vec } = await parts(mode, n);
  const fixed = await perIteration(mode, TINY, TINY_ITERS, 1);
  const over = iter - applies - vec;
  return [`${n}²`, mode.name, ms(iter), (iter / local.get(n)!).toFixed(2), ms(applies), ms(vec), ms(over), pct(over, iter), ms(fixed), pct(fixed, iter)];
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  const before = load();
  const sim = await launchCluster({ partitions: 2 });
  const nats = await launchCluster({ transport: 'nats', workers: 2 });
  const local = new Map<number, number>();
  try {
    for (const [n, runs] of SIZES) for (const mode of [localMode, clusterMode('simulation, 2 partitions', sim), clusterMode('NATS, 2 workers', nats)]) rows.push(await measure(mode, n, runs, local));
  } finally {
    await Promise.all([sim.close(), nats.close()]);
  }
  const head = [
    'image',
    'mode',
    'per iteration (ms)',
    '× local',
    'applies, fwd + adj (ms)',
    'vector ops (ms)',
    'machine + messages (ms)',
    'share of the iteration',
    `${TINY}² per iteration (ms)`,
    `${TINY}² as share`,
  ];
  return [
    `\`cgls(VStack[I, ${lambda}·Laplacian], [d; 0], { niter: ${niter}, tol: 0 })\` on float64 images (I an Identity with dims [n, n]);`,
    'in the clusters y = StackedArray.of([d, 0]), each part chunked [2, 1], and the solver runs in StackedVectors (only',
    'scalars reach the driver). How each number is measured: **per iteration** is the median of the intervals between',
    `successive callbacks of a ${niter}-iteration run, the first (warm-up) iteration dropped (1024²: the smaller of 2 runs); **applies** is one forward Op·x`,
    `plus one adjoint Opᴴ·y of the same operator in the same mode and cluster, outputs awaited ready (what an iteration`,
    `applies), min of ${PARTS_RUNS} after a warm-up; **vector ops** is cgls' per-iteration vector work (3 axpby, 2 dot, 1 norm on`,
    `model n² and stacked data 2n² vectors, issued and awaited in cgls' phase order) through the same vector space, min of`,
    `${PARTS_RUNS} after a warm-up; **machine + messages** = per iteration − applies − vector ops (the xstate machine and driver,`,
    'plus whatever the parts timed alone do not contain: the round trips and waits between phases, allocation, GC, cache',
    'effects, and noise; the parts timed alone already contain their own command round trips, and a median is compared',
    'with minima, so this errs high; the local row, which has no messages, shows the size of the non-message part),',
    `with its share of the iteration. Second estimate: **${TINY}²** is the per-iteration time (median of ${TINY_ITERS - 2} intervals) of`,
    `the same solver on a ${TINY}² image in the same mode and cluster: every machine step, command, message and reduction of an`,
    'iteration with no compute, as a share of the full iteration. "× local": per iteration over local per iteration, same size.',
    'On these 2 shared cores the residual swings by tens of percent from run to run (negative when the parts timed alone',
    `were slowed by another process and the run was not); the ${TINY}² estimate varies far less and is the one to read.`,
    `Load average (1, 5, 15 min) at the start: ${before}; at the end: ${load()} (2 cores, shared with other work).`,
    '',
    table(head, rows),
  ].join('\n');
}
