/**
 * CGLS on a Laplacian-regularised denoising problem, local vectors: min ||x - d||^2 + ||λ L x||^2,
 * i.e. cgls on Op = VStack[I, λ·Laplacian] (I an Identity with dims [n, n]) with y = [d; 0], λ = 0.5.
 * Per iteration (median over the iterations of a run, after a warm-up iteration): the interval
 * between iterations (callback time stamps) and, from the same run, the time spent inside the
 * operator applies in that interval (a wrapper around the operator accumulates it); the rest is the
 * state machine, the driver and the vector ops. `problem` and `image` are shared with
 * solvers-distributed.bench.ts, so both benches solve the same problem.
 */
import { LinearOperator, type Spec } from '../operators/core/LinearOperator.ts';
import type { FloatArray } from '../operators/core/dtype.ts';
import { NDArray } from '../operators/core/NDArray.ts';
import { Identity, Laplacian, VStack } from '../operators/index.ts';
import { cgls } from '../solvers/index.ts';
import { ms, table } from './timing.ts';

export const title = 'Solvers: CGLS iterations on Laplacian-regularised denoising (local)';

export const niter = 50;
export const lambda = 0.5;
/** PyLops numpy, CGLS on the Laplacian, per iteration (DESIGN.md §11). */
const pylops: Record<number, string> = { 1024: '81.5', 2048: '564' };

/** VStack[I, λ L] on an [n, n] model (both blocks with dims [n, n], as VStack needs equal dims). */
export function problem(n: number): LinearOperator {
  const dims = [n, n];
  return new VStack({ ops: [new Identity({ N: dims }), new Laplacian({ dims }).scale(lambda)] });
}

/** A smooth image plus deterministic "noise". */
export function image(n: number): NDArray {
  const d = NDArray.zeros([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d.data[i * n + j] = Math.sin(i / 40) * Math.cos(j / 25) + 0.3 * Math.sin(977 * i + 131 * j);
  return d;
}

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Per-iteration increments of a series of stamps, without the first (warm-up) iteration. */
export function increments(stamps: number[]): number[] {
  return stamps.slice(1).map((t, i) => t - stamps[i]).slice(1);
}

/** Delegates to `inner` and accumulates the time spent in its applies. */
class TimedOperator extends LinearOperator {
  elapsed = 0;
  constructor(readonly inner: LinearOperator) {
    super({ dims: inner.dims, dimsd: inner.dimsd, dtype: inner.dtype });
  }
  private timed(x: FloatArray, adjoint: boolean): FloatArray {
    const t0 = performance.now();
    const out = this.inner.applyFlat(x, adjoint);
    this.elapsed += performance.now() - t0;
    return out;
  }
  protected forward(x: FloatArray): FloatArray {
    return this.timed(x, false);
  }
  protected adjoint(y: FloatArray): FloatArray {
    return this.timed(y, true);
  }
  toSpec(): Spec {
    return this.inner.toSpec();
  }
}

/** Medians of the iteration time and of the apply time inside it, over a k-iteration run on n². */
async function measure(n: number, k: number): Promise<{ iter: number; apply: number }> {
  const op = new TimedOperator(problem(n));
  const y = new Float64Array(2 * n * n);
  y.set(image(n).data);
  const stamps: number[] = [];
  const inApply: number[] = [];
  await cgls(op, y, { niter: k, tol: 0, callback: () => void (stamps.push(performance.now()), inApply.push(op.elapsed)) });
  return { iter: median(increments(stamps)), apply: median(increments(inApply)) };
}

const TINY = 4;
const TINY_ITERS = 400;

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const n of [1024, 2048]) {
    const { iter, apply } = await measure(n, niter);
    rows.push([`${n}²`, ms(iter), ms(apply), ms(iter - apply), `${((100 * (iter - apply)) / iter).toFixed(1)} %`, pylops[n]]);
  }
  const tiny = await measure(TINY, TINY_ITERS);
  const head = ['image', 'per iteration (ms)', 'in operator applies (ms)', 'rest: machine + vector ops (ms)', 'rest share', 'PyLops numpy per iteration (ms)'];
  return [
    `\`cgls(VStack[I, ${lambda}·Laplacian], [d; 0], { niter: ${niter}, tol: 0 })\` on float64 vectors (LocalVectors), I an Identity`,
    'with dims [n, n]. Each iteration applies the operator twice (forward Op c and adjoint Opᴴ s); the rest is the xstate',
    'machine and driver (3 phases + 1 boundary per iteration) plus 3 axpby, 2 dot products and 1 norm over the model (n²)',
    'and data (2n²) vectors, all memory-bound. Per iteration: the median over iterations 2–50 of the interval between',
    'callbacks; applies: the median over the same iterations of the time spent inside forward/adjoint in that interval',
    '(a wrapper operator accumulates it).',
    '',
    table(head, rows),
    '',
    `Fixed cost per iteration (machine, driver and vector-op calls with next to no data: the same solver on a ${TINY}² image,`,
    `median over ${TINY_ITERS} iterations): ${(1000 * tiny.iter).toFixed(1)} µs.`,
  ].join('\n');
}
