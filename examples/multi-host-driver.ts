/**
 * The driver of examples/multi-host.sh (and of docs/multi-host.md): joins workers already running on
 * other hosts, applies a Laplacian to a distributed array and runs 50 cgls iterations on it, and prints
 * each answer's error against the same computation run locally.
 *
 *   node --import tsx examples/multi-host-driver.ts --servers nats://10.0.0.1:4222,nats://10.0.0.2:4222 \
 *     --cluster demo --workers 3 [--size 512]
 * The NATS token, if any, comes from ACTORLOPS_NATS_TOKEN.
 */
import { type DistributedArray, Laplacian, NDArray, cgls, connectCluster } from '../index.ts';

function flag(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

const n = Number(flag('size', '512'));
const cluster = await connectCluster({
  servers: flag('servers'),
  cluster: flag('cluster'),
  workers: Number(flag('workers', '1')),
  token: process.env.ACTORLOPS_NATS_TOKEN,
  settleMs: 500,
});
try {
  const dims = [n, n];
  const chunks = [cluster.actors.length, 1];
  const placement = cluster.describe({ shape: dims, chunks }, [{ axis: 0, halo: 1 }, { axis: 1, halo: 1 }]);
  console.log(`workers: ${placement.workers.map((w) => `${w.name}@${w.host}`).join(', ')}`);
  console.log(`halo messages crossing workers per apply: ${placement.placement!.halo.bundles.length}`);

  const op = new Laplacian({ dims, weights: [1, 2] });
  const x = NDArray.random(dims, 1);
  const t0 = performance.now();
  const y = await op.matvec(cluster.fromArray(x, { chunks })).toArray();
  console.log(`Laplacian ${n}x${n}: max |distributed - local| = ${maxAbsDiff(y.data, op.matvec(x).data)} (${(performance.now() - t0).toFixed(0)} ms with scatter/gather)`);

  const d = NDArray.random(dims, 2);
  const local = await cgls(op, d.data, { niter: 50, damp: 0.1, tol: 0 });
  const dist = await cgls(op, cluster.fromArray(d, { chunks }), { niter: 50, damp: 0.1, tol: 0 });
  const xd = (await (dist.x as DistributedArray).toArray()).data;
  const xl = local.x as Float64Array;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xl.length; i++) ((num += (xd[i] - xl[i]) ** 2), (den += xl[i] ** 2));
  console.log(`cgls, 50 iterations: ||x_distributed - x_local|| / ||x_local|| = ${Math.sqrt(num / den).toExponential(2)}`);
} finally {
  await cluster.close();
}
