/**
 * Distributed derivatives: FirstDerivative, SecondDerivative (axis 0) and Laplacian, forward and
 * adjoint, on float64 arrays of 2048² and 4096² resident in a cluster (chunked along axis 0 over the
 * actors), beside the local operator in the same run: `op.matvec` on a local array (allocates its output, as
 * every apply does) and the bare single-thread kernel into a preallocated output (the floor). Modes: simulation
 * with 1, 2 and 4 partitions (actors in this process, in-process bus) and 2 worker processes over NATS
 * (a nats-server started on a free port). Time = the apply's commands sent until its output is ready
 * (min of runs); messages/bytes = halo bundles the actors published for that apply.
 */
import { type Cluster, FirstDerivative, Laplacian, NDArray, SecondDerivative, haloTraffic, launchCluster } from '../index.ts';
import { loadavg } from 'node:os';
import { type WithKernels, intoPreallocated } from './kernels.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Distributed derivatives (float64, resident in a cluster)';

const SIZES = [2048, 4096];

function operators(n: number): { name: string; op: WithKernels }[] {
  const dims = [n, n];
  return [
    { name: 'FirstDerivative axis 0', op: new FirstDerivative({ dims, axis: 0 }) },
    { name: 'SecondDerivative axis 0', op: new SecondDerivative({ dims, axis: 0 }) },
    { name: 'Laplacian', op: new Laplacian({ dims }) },
  ];
}

const MODES: { name: string; start(): Promise<Cluster> }[] = [
  { name: 'sim, 1 partition', start: () => launchCluster({ partitions: 1 }) },
  { name: 'sim, 2 partitions', start: () => launchCluster({ partitions: 2 }) },
  { name: 'sim, 4 partitions', start: () => launchCluster({ partitions: 4 }) },
  { name: 'NATS, 2 workers', start: () => launchCluster({ transport: 'nats', workers: 2 }) },
];

export async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const runs = n >= 4096 ? 3 : 5;
    const x = NDArray.random([n, n], 1);
    const local = new Map<string, [number, number]>();
    const kernel = new Map<string, [number, number]>();
    const out = new Float64Array(n * n);
    const data = x.data as Float64Array;
    for (const { name, op } of operators(n)) {
      local.set(name, [await minTime(() => op.matvec(x), runs), await minTime(() => op.rmatvec(x), runs)]);
      kernel.set(name, [await minTime(() => intoPreallocated(op, data, out, false), runs), await minTime(() => intoPreallocated(op, data, out, true), runs)]);
    }
    for (const { name } of operators(n)) {
      const [kf, ka] = kernel.get(name)!;
      const [lf, la] = local.get(name)!;
      rows.push([`${n}²`, name, 'local kernel (preallocated)', ms(kf), ms(ka), '1', '–', '–', '–']);
      rows.push([`${n}²`, name, 'local matvec', ms(lf), ms(la), ratio(lf, la, kernel.get(name)!), '1', '–', '–']);
    }
    for (const mode of MODES) {
      const c = await mode.start();
      try {
        const xd = c.random([n, n], { seed: 1 });
        await xd.ready;
        for (const { name, op } of operators(n)) {
          const apply = async (adjoint: boolean) => {
            const y = adjoint ? op.rmatvec(xd) : op.matvec(xd);
            await y.ready;
            await y.free();
          };
          const f = await minTime(() => apply(false), runs);
          const a = await minTime(() => apply(true), runs);
          const probe = op.matvec(xd);
          const t = await haloTraffic(probe);
          await probe.free();
          rows.push([`${n}²`, name, mode.name, ms(f), ms(a), ratio(f, a, kernel.get(name)!), ratio(f, a, local.get(name)!), t.messages, `${(t.bytes / 1024).toFixed(0)} KiB`]);
        }
        await xd.free();
      } finally {
        await c.close();
      }
    }
  }
  const load = loadavg().map((l) => l.toFixed(1)).join(', ');
  return [
    `Load average at the end of the run (the 2 cores are shared with other work): ${load}.`,
    'Chunks: axis 0 split evenly over the actors. Ratios = time / local time (forward / adjoint): below 1 is faster than local. The kernel is the floor (no allocation); matvec allocates its output like every apply.',
    'Messages and bytes: halo bundles published between actors per forward apply (one per neighbour actor pair and direction; blocks on the same actor exchange in memory).',
    '',
    table(['size', 'operator', 'mode', 'forward ms', 'adjoint ms', '÷ local kernel', '÷ local matvec', 'messages', 'bytes moved'], rows),
  ].join('\n');
}

/** `f / base[0] / a / base[1]` as a table cell. */
function ratio(f: number, a: number, base: [number, number]): string {
  return `${(f / base[0]).toFixed(2)} / ${(a / base[1]).toFixed(2)}`;
}
