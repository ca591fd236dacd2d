/**
 * Cluster data paths: scatter and gather throughput of a 2048² float64 array over NATS with 2 worker
 * processes, beside raw NATS publish→subscribe throughput of the same bytes in 512 KiB messages
 * measured in the same run (goal: scatter/gather ≥ 70 % of raw), and the round trip of a no-op command
 * in simulation and over NATS. Two cores are shared by the server, the driver and both workers, so
 * every figure is the minimum of 10 runs, and raw NATS is measured before and after the cluster runs
 * (its minimum is the reference), so a busy moment does not flatter the ratios.
 */
import { launchCluster } from '../actors/index.ts';
import { NDArray } from '../operators/core/NDArray.ts';
import { subject } from '../runtime/cluster/subjects.ts';
import { startNatsServer } from '../runtime/testing/natsServer.ts';
import { NatsTransport } from '../runtime/transport/NatsTransport.ts';
import { minTime, ms, table } from './timing.ts';

export const title = 'Cluster: scatter/gather vs raw NATS, no-op round trip';

const N = 2048;
const MiB = (N * N * 8) / 2 ** 20;
const rate = (t: number) => (MiB / (t / 1000)).toFixed(0);
const RUNS = 10;

/** Time to publish `bytes` in 512 KiB messages from one connection until another has received them all. */
async function rawNats(url: string): Promise<number> {
  const [pub, sub] = await Promise.all([NatsTransport.connect({ servers: url }), NatsTransport.connect({ servers: url })]);
  const s = subject('bench', 'data', 'raw');
  const payload = new Uint8Array(512 * 1024);
  const count = Math.ceil((N * N * 8) / payload.length);
  let received = 0;
  let done: () => void = () => {};
  sub.subscribe(s, () => {
    if (++received === count) done();
  });
  await sub.flush();
  const t = await minTime(async () => {
    received = 0;
    const all = new Promise<void>((r) => (done = r));
    for (let i = 0; i < count; i++) pub.publish(s, payload);
    await all;
  }, RUNS);
  await Promise.all([pub.close(), sub.close()]);
  return t;
}

async function pingTime(ping: () => Promise<void>, n = 200): Promise<number> {
  return (await minTime(async () => {
    for (let i = 0; i < n; i++) await ping();
  })) / n;
}

export async function run(): Promise<string> {
  const server = await startNatsServer();
  try {
    const rawBefore = await rawNats(server.url);
    const c = await launchCluster({ transport: 'nats', workers: 2, servers: server.url });
    const big = NDArray.random([N, N], 1);
    let kept = c.zeros([1]);
    const scatter = await minTime(async () => {
      await kept.free();
      kept = c.fromArray(big, { chunks: [2, 1] });
      await kept.ready;
    }, RUNS);
    const gather = await minTime(() => kept.toArray(), RUNS);
    const natsPing = await pingTime(() => c.ping());
    await c.close();
    const raw = Math.min(rawBefore, await rawNats(server.url));
    const sim = await launchCluster();
    const simPing = await pingTime(() => sim.ping());
    await sim.close();
    const pct = (t: number) => `${((raw / t) * 100).toFixed(0)} %`;
    return [
      `${N}² float64 (${MiB} MiB), 2 worker processes, nats-server on loopback; min of ${RUNS} runs (raw NATS: of ${2 * RUNS}, before and after).`,
      '',
      table(
        ['path', 'time (ms)', 'MiB/s', 'of raw NATS'],
        [
          ['raw NATS publish→subscribe, 512 KiB messages', ms(raw), rate(raw), '100 %'],
          ['scatter (`cluster.fromArray`, chunks [2, 1])', ms(scatter), rate(scatter), pct(scatter)],
          ['gather (`toArray`)', ms(gather), rate(gather), pct(gather)],
        ],
      ),
      '',
      table(
        ['no-op command round trip', 'µs'],
        [
          ['simulation (in-process bus)', (simPing * 1000).toFixed(1)],
          ['NATS (driver → worker process → driver)', (natsPing * 1000).toFixed(1)],
        ],
      ),
    ].join('\n');
  } finally {
    await server.stop();
  }
}
