/** The op chains of the broker and soak tests, and a cluster of in-process actors over NATS. */
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver } from '../../actors/Driver.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';

export const STEPS = 24;

/** In-place steps (a step applied twice changes the answer), each awaited; `fault` fires halfway. */
export async function chain(c: ClusterCore, fault: () => Promise<void> = async () => {}): Promise<number[]> {
  const x = c.fromArray(NDArray.random([40, 6], 3), { chunks: [4, 1] });
  const y = c.fromArray(NDArray.random([40, 6], 4), { chunks: [4, 1] });
  let faulted: Promise<void> | undefined;
  for (let i = 0; i < STEPS; i++) {
    if (i === STEPS / 2) faulted = fault();
    await y.axpbyInPlace(0.5, x, 0.9);
    await x.scaleInPlace(-1.01);
  }
  await faulted;
  return [await y.norm(), await x.dot(y), ...Array.from((await y.toArray()).data)];
}

/** Two actors in this process over NATS (so their counters can be read), and a driver. */
export async function natsCluster(actorUrl: string, driverUrl: string) {
  const quick = { reconnectTimeWait: 50, pingInterval: 500 };
  const ts = await Promise.all([actorUrl, actorUrl, driverUrl].map((servers) => NatsTransport.connect({ servers, ...quick })));
  const actors = [0, 1].map((k) => new PartitionActor({ transport: ts[k], cluster: 'brk', actor: `w${k}` }));
  await Promise.all(ts.map((t) => t.flush()));
  const driver = new Driver(ts[2], 'brk', { timeout: 30_000 });
  const seen = { reconnects: 0 };
  ts[2].onStatus((st) => st.type === 'reconnect' && seen.reconnects++);
  for (const a of actors) driver.epochs.set(a.name, a.epoch);
  return {
    core: new ClusterCore(driver, actors.map((a) => a.name)),
    actors,
    seen,
    async close() {
      driver.close();
      for (const a of actors) a.stop();
      await Promise.all(ts.map((t) => t.close()));
    },
  };
}
