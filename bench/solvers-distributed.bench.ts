/**
 * Solvers on distributed vectors: 50 cg iterations of Laplacian-regularised denoising in the normal
 * equations form, (I + λ² LᴴL) x = d, on 1024² and 2048² float64 images, run locally (LocalVectors),
 * in simulation (2 partitions in this process) and over NATS (2 worker processes). VStack has no
 * distributed protocol yet, so the cgls form VStack[I, λL] of bench/solvers.bench.ts cannot run here;
 * each cg iteration applies the operator once (diag(1) x + λ² Lᴴ(L x): two Laplacian stencils).
 *
 * Per iteration: the total (a 50-iteration run minus a 0-iteration run, / 50); the operator apply (one
 * standalone apply of the same operator in the same mode, output ready); the vector ops of an iteration
 * run standalone through the same space (3 axpby, 2 dot: memory passes in the actors and the round
 * trips of the 2 reductions); machine + messages: the per-iteration time of the same solver on a tiny
 * image on the same cluster (the same machine steps, commands and messages, negligible compute); and
 * the rest (allocation/GC and cache effects of the full run, and noise).
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Cluster, DistributedArray, DistributedVectors, type LinearOperator, LocalVectors, NDArray, cg, fromSpec, launchCluster, type VectorSpace } from '../index.ts';
import { minTime, ms, table } from './timing.ts';

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

/** Worker processes preload the actor commands until actors/workerMain.ts imports them. */
function natsCluster(): Promise<Cluster> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cmds = pathToFileURL(fileURLToPath(new URL('../actors/vectors/index.ts', import.meta.url))).href;
  return launchCluster({ transport: 'nats', workers: 2, spawn: { env: () => ({ NODE_OPTIONS: `--import ${tsx} --import ${cmds}` }) } });
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

/** Per-iteration time of `niter` cg iterations on an n² image (a k-iteration run minus a 0-iteration run). */
async function perIteration(mode: Mode, n: number, k: number, runs: number): Promise<number> {
  const op = operator(n);
  const y = mode.y(image(n));
  const solve = async (iters: number) => {
    const t0 = performance.now();
    const res = await cg(op, y as Float64Array, { niter: iters, tol: 0 });
    if (res.x instanceof DistributedArray) await res.x.ready;
    const t = performance.now() - t0;
    await mode.release(res.x);
    return t;
  };
  let [t0, tk] = [Infinity, Infinity];
  for (let r = 0; r < runs; r++) ((t0 = Math.min(t0, await solve(0))), (tk = Math.min(tk, await solve(k))));
  await mode.release(y);
  return (tk - t0) / k;
}

/** Standalone times of one apply and of one iteration's vector ops in `mode`. */
async function parts(mode: Mode, n: number, runs: number): Promise<{ apply: number; vec: number }> {
  const op = operator(n);
  const y = mode.y(image(n));
  const apply = await minTime(() => mode.applyOnce(op, y), runs, 1);
  const space = mode.space(op, y);
  const fresh = (i: number) => space.fromLocal(image(n).data.map((a) => a + i), 'model', `bench/v${seq++}`);
  const v = { x: await fresh(0), r: await fresh(1), c: await fresh(2), q: await fresh(3) };
  const vec = await minTime(() => vectorOps(space, v), runs + 1, 1);
  await Promise.all(Object.values(v).map((a) => space.free(a)));
  await mode.release(y);
  return { apply, vec };
}

const TINY = 4;
async function measure(mode: Mode, n: number, runs: number): Promise<(string | number)[]> {
  const total = await perIteration(mode, n, niter, runs);
  const { apply, vec } = await parts(mode, n, runs);
  const fixed = await perIteration(mode, TINY, 200, 3);
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)} %`;
  return [`${n}²`, mode.name, ms(total), ms(apply), ms(vec), ms(fixed), pct(fixed), ms(total - apply - vec - fixed), pct(total - apply)];
}

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  const sim = await launchCluster({ partitions: 2 });
  const nats = await natsCluster();
  try {
    for (const [n, runs] of SIZES) for (const mode of [localMode, clusterMode('simulation, 2 partitions', sim), clusterMode('NATS, 2 workers', nats)]) rows.push(await measure(mode, n, runs));
  } finally {
    await Promise.all([sim.close(), nats.close()]);
  }
  const head = ['image', 'mode', 'per iteration (ms)', 'operator apply (ms)', 'vector ops (ms)', 'machine + messages (ms)', 'machine + messages share', 'rest (ms)', 'beyond the apply'];
  return [
    `\`cg(I + ${lambda}²·LᴴL, d, { niter: ${niter}, tol: 0 })\` on float64 images, d chunked in 2 blocks along axis 0; the`,
    'cgls form VStack[I, λL] needs a distributed VStack, which does not exist yet. One operator apply per iteration',
    '(diag(1)·x, L, Lᴴ, scale, sum); vector ops: 3 axpby and 2 dot products over n² vectors. "machine + messages" is the',
    'per-iteration time minus the apply and the vector ops timed alone; "beyond the apply" is everything but the apply.',
    'Only scalars reach the driver each iteration (the 2 reductions: 2 numbers per block).',
    '',
    table(head, rows),
  ].join('\n');
}
