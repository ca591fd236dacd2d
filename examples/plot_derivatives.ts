/**
 * Derivatives gallery (after PyLops-distributed's `plot_derivatives.py`).
 *
 * (a) A 100-sample spike at sample 50 through a centered FirstDerivative: stem plots of the input,
 *     the forward y = D x and the adjoint D^H y.
 * (b) An 11 x 21 spike at [5, 10] through FirstDerivative and SecondDerivative along axis 0: images.
 * (c) The same spike through the Laplacian with weights (1, 1) and (3, 1): images.
 *
 * Every result comes from each {@link Runner} in `runners`: `local` (the operator applied in this
 * process) and `distributed` (the input scattered over partition actors in 3 chunks along axis 0, the
 * operator run as a message protocol with halo exchange, the result gathered), overlaid in the stem
 * plots and as a second row of images.
 *
 * Run: `npx tsx examples/plot_derivatives.ts [--out DIR]` (simulation mode, no server needed).
 */
import { join } from 'node:path';
import { type Cluster, type LinearOperator, FirstDerivative, Laplacian, NDArray, SecondDerivative, launchCluster } from '../index.ts';
import { type ExampleOptions, parseExampleArgs, runIfMain } from './lib/cli.ts';
import { type Marker, Figure, colorbar, extent, imshow, stem } from './lib/plot.ts';

/** One way of applying an operator: its label and style in the figures, and forward/adjoint. */
export interface Runner {
  label: string;
  color: string;
  marker: Marker;
  dashed: boolean;
  forward(op: LinearOperator, x: NDArray): Promise<NDArray>;
  adjoint(op: LinearOperator, y: NDArray): Promise<NDArray>;
}

/** The operator applied in this process. */
export const local: Runner = {
  label: 'local',
  color: '#1f77b4',
  marker: 'o',
  dashed: false,
  forward: async (op, x) => op.matvec(x),
  adjoint: async (op, y) => op.rmatvec(y),
};

/** The operator run by the partition actors of `cluster` on the input chunked in `chunks` along axis 0. */
export function distributed(cluster: Cluster, chunks = 3): Runner {
  const scatter = (a: NDArray) => cluster.fromArray(a, { chunks: a.shape.map((n, axis) => (axis === 0 ? Math.min(chunks, n) : 1)) });
  return {
    label: 'distributed',
    color: '#d62728',
    marker: 'x',
    dashed: true,
    forward: (op, x) => op.matvec(scatter(x)).toArray(),
    adjoint: (op, y) => op.rmatvec(scatter(y)).toArray(),
  };
}

/** The operators of the gallery (PyLops parameter names; the `seed/` cases of the reference vectors). */
export function galleryOperators() {
  return {
    first1d: new FirstDerivative({ dims: 100, kind: 'centered', edge: false }),
    first2d: new FirstDerivative({ dims: [11, 21], axis: 0 }),
    second2d: new SecondDerivative({ dims: [11, 21], axis: 0 }),
    laplacian11: new Laplacian({ dims: [11, 21], axes: [0, 1], weights: [1, 1] }),
    laplacian31: new Laplacian({ dims: [11, 21], axes: [0, 1], weights: [3, 1] }),
  };
}

/** Where the spikes sit. */
export const SPIKE_1D = 50;
export const SPIKE_2D = [5, 10] as const;

function spike(shape: number[], at: readonly number[]): NDArray {
  const a = NDArray.zeros(shape);
  a.set(at, 1);
  return a;
}

/** (a) Input, forward and adjoint of the 1-D spike as stem plots, one row each, all runners overlaid. */
export async function figure1d(runners: Runner[] = [local]): Promise<Figure> {
  const D = galleryOperators().first1d;
  const x = spike([100], [SPIKE_1D]);
  const fig = new Figure({ rows: 3, cols: 1, title: 'FirstDerivative (centered), spike at 50', panelWidth: 760, panelHeight: 210 });
  const titles = ['Input x', 'Forward y = D x', 'Adjoint D^H y'];
  titles.forEach((t, r) => (fig.panel(r).title = t));
  for (const run of runners) {
    const y = await run.forward(D, x);
    const xadj = await run.adjoint(D, y);
    [x, y, xadj].forEach((v, r) => stem(fig.panel(r), v.data, { color: run.color, label: run.label, marker: run.marker, dashed: run.dashed }));
  }
  return fig;
}

/**
 * An image figure: the input spike, then the output of each operator, one row per runner.
 * Inputs in gray; outputs in seismic with a symmetric colour range, so zero is white.
 */
export async function figure2d(title: string, ops: { title: string; op: LinearOperator }[], runners: Runner[] = [local]): Promise<Figure> {
  const x = spike([11, 21], SPIKE_2D);
  const fig = new Figure({ rows: runners.length, cols: ops.length + 1, title, panelWidth: 330, panelHeight: 240 });
  for (const [r, run] of runners.entries()) {
    const input = fig.panel(r, 0);
    input.title = runners.length > 1 ? `x (${run.label})` : 'x';
    imshow(input, x, { cmap: 'gray', vmin: 0, vmax: 1 });
    colorbar(input);
    for (const [c, { title: t, op }] of ops.entries()) {
      const y = await run.forward(op, x);
      const m = Math.max(...extent(y.data).map(Math.abs));
      const p = fig.panel(r, c + 1);
      p.title = runners.length > 1 ? `${t} (${run.label})` : t;
      imshow(p, y, { cmap: 'seismic', vmin: -m, vmax: m });
      colorbar(p);
    }
  }
  return fig;
}

/** Every figure of the gallery by file name. */
export async function derivativeFigures(runners: Runner[] = [local]): Promise<Record<string, Figure>> {
  const ops = galleryOperators();
  return {
    'derivative-1d.png': await figure1d(runners),
    'first-derivative-2d.png': await figure2d('FirstDerivative along axis 0', [{ title: 'y = D x', op: ops.first2d }], runners),
    'second-derivative-2d.png': await figure2d('SecondDerivative along axis 0', [{ title: 'y = D2 x', op: ops.second2d }], runners),
    'laplacian.png': await figure2d(
      'Laplacian',
      [
        { title: 'weights (1, 1)', op: ops.laplacian11 },
        { title: 'weights (3, 1)', op: ops.laplacian31 },
      ],
      runners,
    ),
  };
}

/** Renders every figure into `opts.out`; returns the paths written. */
export async function run(opts: ExampleOptions, runners: Runner[] = [local]): Promise<string[]> {
  const log = opts.log ?? console.log;
  const written: string[] = [];
  for (const [name, fig] of Object.entries(await derivativeFigures(runners))) {
    const path = join(opts.out, name);
    await fig.savePng(path);
    log(`wrote ${path}`);
    written.push(path);
  }
  return written;
}

runIfMain(import.meta.url, async (argv) => {
  const opts = parseExampleArgs(argv);
  const cluster = await launchCluster(); // simulation mode: actors in this process, no server
  try {
    return await run(opts, [local, distributed(cluster)]);
  } finally {
    await cluster.close();
  }
});
