/**
 * Deblurring: recover a blocky 1-D signal from its blurred version with CGLS (PyLops' `cgls`).
 *
 * The blur is a Convolve1D with the centred 5-tap filter h = [0.1, 0.2, 0.4, 0.2, 0.1] (offset 2):
 * y[i] = sum_j h[j] x[i - j + 2]. Its frequency response 0.2 + 0.4 cos w + 0.4 cos^2 w stays >= 0.1,
 * so the problem is well posed and CGLS on noise-free data converges to the truth.
 *
 * Run: `npx tsx examples/inversion.ts [--n 64] [--niter 100] [--out DIR]` (simulation mode; a live
 * progress line on stderr, a figure of data, truth and estimate).
 */
import { join } from 'node:path';
import { Convolve1D, cgls, relativeError } from '../index.ts';
import { type ExampleOptions, parseExampleArgs, runIfMain } from './lib/cli.ts';
import { Figure, stem } from './lib/plot.ts';

/** The blur filter, centred by offset 2. */
export const FILTER = [0.1, 0.2, 0.4, 0.2, 0.1];

/** A blocky signal of length n with a few steps and a spike (the same for the same n). */
export function truth(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const t = i / n;
    return (t > 0.15 && t < 0.35 ? 1 : 0) + (t >= 0.5 && t < 0.8 ? -0.5 : 0) + (i === Math.floor(0.9 * n) ? 1.5 : 0);
  });
}

export interface InversionResult {
  estimate: Float64Array;
  /** ||estimate - truth|| / ||truth||. */
  error: number;
  /** ||y - Op estimate|| after each iteration (PyLops' cost). */
  cost: number[];
  written: string[];
}

export async function run(opts: ExampleOptions & { n?: number; niter?: number; show?: boolean }): Promise<InversionResult> {
  const log = opts.log ?? console.log;
  const n = opts.n ?? 64;
  const niter = opts.niter ?? 100;
  const Op = new Convolve1D({ dims: n, h: FILTER, offset: 2 });
  const x = truth(n);
  const y = Op.matvec(x);
  log(`deblurring ${n} samples with cgls, ${niter} iterations`);
  const { x: estimate, cost } = await cgls(Op, y, { niter, tol: 0, damp: 0, show: opts.show ?? true });
  const error = relativeError(estimate, x);
  log(`data misfit ||y - Op x|| = ${cost[cost.length - 1].toExponential(2)}`);
  log(`relative error ||x_est - x_true|| / ||x_true|| = ${error.toExponential(2)}`);

  const fig = new Figure({ rows: 3, cols: 1, title: `Deblurring with cgls (${niter} iterations)`, panelWidth: 720, panelHeight: 200 });
  fig.panel(0).title = 'Data (blurred)';
  stem(fig.panel(0), y, { color: '#7f7f7f', label: 'y' });
  fig.panel(1).title = 'Truth';
  stem(fig.panel(1), x, { color: '#2ca02c', label: 'x true' });
  fig.panel(2).title = 'Estimate';
  stem(fig.panel(2), x, { color: '#2ca02c', label: 'x true' });
  stem(fig.panel(2), estimate, { color: '#d62728', label: 'cgls', marker: 'x', dashed: true });
  const path = join(opts.out, 'inversion.png');
  await fig.savePng(path);
  log(`wrote ${path}`);
  return { estimate: estimate as Float64Array, error, cost, written: [path] };
}

runIfMain(import.meta.url, async (argv) => {
  const opts = parseExampleArgs(argv, { n: 64, niter: 100 });
  await run(opts);
});
