/**
 * A distributed Diagonal from end to end: create it, apply the forward and the adjoint to a
 * DistributedArray held by partition actors, check the dot test through the actors, and invert it with
 * `D.div(y)` (PyLops' `Dop / y`, a cgls solve whose vectors stay in the actors).
 *
 * Forward y[i] = d[i] x[i]; adjoint x[i] = conj(d[i]) y[i]; here d = 1, 2, ..., n and x = ones, so
 * y = d and D.div(y) must give back ones. Each result is compared with the local operator.
 *
 * Run: `npx tsx examples/diagonal.ts [--n 10] [--out DIR]` (simulation mode, no server needed).
 */
import { join } from 'node:path';
import { type DistributedArray, type SolverResult, Diagonal, NDArray, dottestDistributed, launchCluster, relativeError } from '../index.ts';
import { type ExampleOptions, parseExampleArgs, runIfMain } from './lib/cli.ts';
import { Figure, stem } from './lib/plot.ts';

export interface DiagonalResult {
  y: Float64Array;
  xadj: Float64Array;
  /** D.div(y) gathered from the actors. */
  xinv: Float64Array;
  /** ||xinv - x|| / ||x||. */
  error: number;
  /** Largest |distributed - local| over the forward and the adjoint (0: bit for bit). */
  localDifference: number;
  written: string[];
}

export async function run(opts: ExampleOptions & { n?: number }): Promise<DiagonalResult> {
  const log = opts.log ?? console.log;
  const n = opts.n ?? 10;
  const D = new Diagonal({ diag: Float64Array.from({ length: n }, (_, i) => i + 1) });
  const cluster = await launchCluster(); // simulation: 4 partition actors in this process
  try {
    const ones = NDArray.ones([n]);
    const x = cluster.fromArray(ones, { chunks: [Math.min(3, n)] });
    log(`${D} applied to a DistributedArray in ${Math.min(3, n)} chunks`);
    const yd = D.matvec(x);
    const y = (await yd.toArray()).data as Float64Array;
    const xadj = (await D.rmatvec(yd).toArray()).data as Float64Array;
    log(`y = D x      = [${fmt(y)}]`);
    log(`xadj = D^H y = [${fmt(xadj)}]`);
    const localDifference = Math.max(maxDiff(y, D.matvec(ones.data)), maxDiff(xadj, D.rmatvec(D.matvec(ones.data))));
    log(`largest difference from the local operator: ${localDifference}`);
    log(`dot test through the actors, relative error ${(await dottestDistributed(D, cluster)).toExponential(2)}`);

    const { x: xd, iterations } = (await D.div(yd)) as SolverResult<DistributedArray>;
    const xinv = (await xd.toArray()).data as Float64Array;
    const error = relativeError(xinv, ones.data);
    log(`xinv = D / y = [${fmt(xinv)}] after ${iterations} cgls iterations in the actors`);
    log(`relative error ||xinv - x|| / ||x|| = ${error.toExponential(2)}`);

    const fig = new Figure({ rows: 1, cols: 3, title: `Distributed Diagonal, n = ${n}`, panelWidth: 300, panelHeight: 240 });
    stem(fig.panel(0, 0), ones.data, { label: 'x' });
    stem(fig.panel(0, 0), xinv, { label: 'D / y', marker: 'x', dashed: true });
    stem(fig.panel(0, 1), y, { label: 'y = D x' });
    stem(fig.panel(0, 2), xadj, { label: 'D^H y' });
    const path = join(opts.out, 'diagonal.png');
    await fig.savePng(path);
    log(`wrote ${path}`);
    return { y, xadj, xinv, error, localDifference, written: [path] };
  } finally {
    await cluster.close();
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function fmt(v: ArrayLike<number>): string {
  const xs = Array.from(v, (u) => Number(u.toPrecision(6)));
  return xs.length > 12 ? `${xs.slice(0, 10).join(', ')}, ... (${xs.length} values)` : xs.join(', ');
}

runIfMain(import.meta.url, async (argv) => {
  const opts = parseExampleArgs(argv, { n: 10 });
  await run(opts);
});
