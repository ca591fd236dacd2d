/**
 * A Diagonal operator from end to end: create it, apply the forward and the adjoint, check the dot test,
 * and invert it with `D.div(y)` (PyLops' `Dop / y`, a least-squares solve).
 *
 * Forward y[i] = d[i] x[i]; adjoint x[i] = conj(d[i]) y[i]; here d = 1, 2, ..., n and x = ones, so
 * y = d and D.div(y) must give back ones.
 *
 * Run: `npx tsx examples/diagonal.ts [--n 10] [--out DIR]` (simulation mode; local operator for now,
 * the distributed version applies the same operator to a DistributedArray).
 */
import { join } from 'node:path';
import { type FloatArray, type SolverResult, Diagonal, dottest, hooks, relativeError } from '../index.ts';
import { type ExampleOptions, parseExampleArgs, runIfMain } from './lib/cli.ts';
import { Figure, stem } from './lib/plot.ts';

export interface DiagonalResult {
  y: FloatArray;
  xadj: FloatArray;
  /** D.div(y), or undefined when the solvers are not installed. */
  xinv?: Float64Array;
  /** ||xinv - x|| / ||x||. */
  error?: number;
  written: string[];
}

export async function run(opts: ExampleOptions & { n?: number }): Promise<DiagonalResult> {
  const log = opts.log ?? console.log;
  const n = opts.n ?? 10;
  const d = Float64Array.from({ length: n }, (_, i) => i + 1);
  const D = new Diagonal({ diag: d });
  log(`${D}`);
  const x = new Float64Array(n).fill(1);
  const y = D.matvec(x);
  const xadj = D.rmatvec(y);
  log(`y = D x      = [${fmt(y)}]`);
  log(`xadj = D^H y = [${fmt(xadj)}]`);
  log(`dot test passed: ${dottest(D)}`);

  const fig = new Figure({ rows: 1, cols: 3, title: `Diagonal, n = ${n}`, panelWidth: 300, panelHeight: 240 });
  stem(fig.panel(0, 0), x, { label: 'x' });
  stem(fig.panel(0, 1), y, { label: 'y = D x' });
  stem(fig.panel(0, 2), xadj, { label: 'D^H y' });
  const result: DiagonalResult = { y, xadj, written: [] };
  if (!hooks.div) {
    log('D.div(y) needs the solvers, which are not installed in this build; skipping the inversion');
  } else {
    const { x: xinv } = (await D.div(y)) as SolverResult<Float64Array>;
    result.xinv = xinv;
    result.error = relativeError(xinv, x);
    log(`xinv = D / y = [${fmt(xinv)}]`);
    log(`relative error ||xinv - x|| / ||x|| = ${result.error.toExponential(2)}`);
    stem(fig.panel(0, 0), xinv, { label: 'D / y', marker: 'x', dashed: true });
  }
  const path = join(opts.out, 'diagonal.png');
  await fig.savePng(path);
  log(`wrote ${path}`);
  result.written.push(path);
  return result;
}

function fmt(v: ArrayLike<number>): string {
  const xs = Array.from(v, (u) => Number(u.toPrecision(6)));
  return xs.length > 12 ? `${xs.slice(0, 10).join(', ')}, ... (${xs.length} values)` : xs.join(', ');
}

runIfMain(import.meta.url, async (argv) => {
  const opts = parseExampleArgs(argv, { n: 10 });
  await run(opts);
});
