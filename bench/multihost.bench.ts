/**
 * The cost of the route hop: the same work with 2 worker processes on one nats-server node, and with
 * the second worker on another node of a routed NATS cluster (127.0.0.11 / .12), the driver on the
 * first node in both. Laplacian apply on 4096² (data resident in the workers; one halo bundle each way
 * per apply), 50 cgls iterations on 2048², and the round trip of a no-op command to the second worker.
 */
import { type Cluster, type DistributedArray, Laplacian, cgls, launchCluster } from '../index.ts';
import { startNatsCluster } from '../runtime/testing/natsCluster.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Multi-host: the cost of a NATS route hop (2 workers, one node vs two routed nodes)';

async function applyTime(c: Cluster, n: number): Promise<number> {
  const op = new Laplacian({ dims: [n, n] });
  const x = c.random([n, n], { seed: 1, chunks: [2, 1] });
  await x.ready;
  const t = await minTime(async () => {
    const y = op.matvec(x);
    await y.ready;
    await y.free();
  });
  await x.free();
  return t;
}

async function cglsTime(c: Cluster, n: number, niter: number): Promise<number> {
  const op = new Laplacian({ dims: [n, n] });
  const y = c.random([n, n], { seed: 2, chunks: [2, 1] });
  await y.ready;
  const t = await minTime(async () => {
    const r = await cgls(op, y, { niter, damp: 0.1, tol: 0 });
    await (r.x as DistributedArray).free();
  }, 2, 0);
  await y.free();
  return t / niter;
}

async function pingTime(c: Cluster, n = 300): Promise<number> {
  return (await minTime(async () => {
    for (let i = 0; i < n; i++) await c.ping(c.actors[1]);
  })) / n;
}

export async function run(): Promise<string> {
  const nc = await startNatsCluster({ size: 2 });
  const rows: (string | number)[][] = [];
  const results: Record<string, number[]> = {};
  try {
    const settings: [string, (k: number) => string][] = [
      ['both workers on node 0', () => nc.urls[0]],
      ['worker 1 on node 1 (one route hop)', (k) => nc.urls[k]],
    ];
    for (const [name, attach] of settings) {
      const c = await launchCluster({ transport: 'nats', workers: 2, servers: [nc.urls[0]], attach });
      try {
        results[name] = [await applyTime(c, 4096), await cglsTime(c, 2048, 50), (await pingTime(c)) * 1000];
      } finally {
        await c.close();
      }
    }
  } finally {
    await nc.stop();
  }
  const [same, routed] = Object.values(results);
  const names = Object.keys(results);
  rows.push(
    ['Laplacian apply 4096², ms', ms(same[0]), ms(routed[0]), ms(routed[0] - same[0])],
    ['cgls 2048², per iteration (50 iterations), ms', ms(same[1]), ms(routed[1]), ms(routed[1] - same[1])],
    ['no-op command to worker 1, µs', same[2].toFixed(0), routed[2].toFixed(0), (routed[2] - same[2]).toFixed(0)],
  );
  return [
    `Two worker processes, driver on node 0; nodes on ${nc.distinctHosts ? '127.0.0.11 and 127.0.0.12' : '127.0.0.1 (distinct ports)'}, routed; min of repeated runs.`,
    '',
    table(['', names[0], names[1], 'route hop'], rows),
  ].join('\n');
}
