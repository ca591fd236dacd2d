/**
 * CGLS on a Laplacian-regularised denoising problem, local vectors: min ||x - d||^2 + ||λ L x||^2,
 * i.e. cgls on Op = VStack[Identity, λ·Laplacian] with y = [d; 0]. Reports per iteration: total
 * time, time inside the operator applies, and the rest (state machine + vector ops) as overhead.
 */
import { LinearOperator, type Spec } from '../operators/core/LinearOperator.ts';
import type { FloatArray } from '../operators/core/dtype.ts';
import { fromSpec } from '../operators/index.ts';
import { cgls, ista } from '../solvers/index.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Solvers: CGLS iterations on Laplacian-regularised denoising (local)';

const niter = 50;
const lambda = 0.5;
/** PyLops numpy, CGLS on the Laplacian, per iteration (DESIGN.md §11). */
const pylops: Record<number, string> = { 1024: '81.5', 2048: '564' };

/** Delegates to `inner` and accumulates the time spent in its applies. */
class TimedOperator extends LinearOperator {
  elapsed = 0;
  applies = 0;
  constructor(readonly inner: LinearOperator) {
    super({ dims: inner.dims, dimsd: inner.dimsd, dtype: inner.dtype });
  }
  private timed(x: FloatArray, adjoint: boolean): FloatArray {
    const t0 = performance.now();
    const out = this.inner.applyFlat(x, adjoint);
    this.elapsed += performance.now() - t0;
    this.applies++;
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

function problem(n: number) {
  const spec: Spec = {
    op: 'VStack',
    params: {
      ops: [
        { op: 'Identity', params: { N: n * n, dtype: 'float64' } },
        { op: 'Scaled', params: { op: { op: 'Laplacian', params: { dims: [n, n], dtype: 'float64' } }, scalar: lambda } },
      ],
      dtype: 'float64',
    },
  };
  const op = new TimedOperator(fromSpec(spec));
  const y = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i * n + j] = Math.sin(i / 40) * Math.cos(j / 25) + 0.3 * Math.sin(977 * i + 131 * j); // smooth + "noise"
  return { op, y };
}

/** Time and apply time of one cgls run with `k` iterations (minimum over runs). */
async function measure(n: number, k: number, runs: number) {
  const { op, y } = problem(n);
  let best = { total: Infinity, inApply: 0 };
  await minTime(async () => {
    op.elapsed = 0;
    const t0 = performance.now();
    await cgls(op, y, { niter: k, tol: 0 });
    const total = performance.now() - t0;
    if (total < best.total) best = { total, inApply: op.elapsed };
  }, runs, 1);
  return best;
}

const tinyIters = 2000;
/** µs per iteration of a run whose vector ops and applies cost next to nothing (ista: 3 events per iteration). */
async function machineOnly(): Promise<number> {
  const D = fromSpec({ op: 'Diagonal', params: { diag: [2], dtype: 'float64' } });
  const y = Float64Array.from([1]);
  const t = await minTime(() => ista(D, y, { niter: tinyIters, tol: -1, alpha: 0.1 }), 3, 1);
  return (1000 * t) / tinyIters;
}

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const [n, runs] of [
    [1024, 3],
    [2048, 2],
  ] as const) {
    const setup = await measure(n, 0, runs);
    const full = await measure(n, niter, runs);
    const perIter = (full.total - setup.total) / niter;
    const apply = (full.inApply - setup.inApply) / niter;
    const overhead = perIter - apply;
    rows.push([`${n}²`, ms(perIter), ms(apply), ms(overhead), `${((100 * overhead) / perIter).toFixed(1)} %`, pylops[n]]);
  }
  const head = ['image', 'per iteration (ms)', 'in operator applies (ms)', 'overhead: machine + vector ops (ms)', 'overhead share', 'PyLops numpy per iteration (ms)'];
  return [
    `\`cgls(VStack[Identity, ${lambda}·Laplacian], [d; 0], { niter: ${niter}, tol: 0 })\` on Float64 vectors (LocalVectors),`,
    'setup cost removed by subtracting a niter = 0 run. Each iteration applies the operator twice (forward and adjoint);',
    'the overhead is the xstate machine and driver (3 phases + 1 boundary event per iteration) plus 2 dot products, 1 norm and',
    '3 axpby passes over the model (n²) and data (2n²) vectors, all memory-bound.',
    '',
    table(head, rows),
    '',
    `Machine + driver alone (ista on a 1-element Diagonal, ${tinyIters} iterations, 2 phases + 1 boundary = 3 events and ~8 vector ops`,
    `per iteration): ${(await machineOnly()).toFixed(1)} µs per iteration.`,
  ].join('\n');
}
