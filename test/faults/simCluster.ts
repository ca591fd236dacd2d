/** A simulated cluster whose bus the test holds, so a fault injector can sit on it. */
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver, type DriverOptions } from '../../actors/Driver.ts';
import { ActorCommandError, TransferTimeoutError } from '../../actors/errors.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus, type InProcessBusOptions } from '../../runtime/transport/InProcessBus.ts';
import { RequestTimeoutError } from '../../runtime/transport/types.ts';

export interface SimCluster {
  bus: Bus;
  core: ClusterCore;
  actors: PartitionActor[];
  close(): Promise<void>;
}

/** `transport` sets every connection's options (e.g. a small `maxPayload`, so transfers travel in many chunks). */
export function simCluster(partitions: number, driverOptions: DriverOptions = {}, transport: InProcessBusOptions = {}): SimCluster {
  const bus = new Bus();
  const transports = Array.from({ length: partitions + 1 }, () => new InProcessBus(bus, transport));
  const actors = Array.from({ length: partitions }, (_, k) => new PartitionActor({ transport: transports[k], cluster: 'sim', actor: `p${k}` }));
  const driver = new Driver(transports[partitions], 'sim', driverOptions);
  for (const a of actors) driver.epochs.set(a.name, a.epoch);
  const core = new ClusterCore(driver, actors.map((a) => a.name));
  return {
    bus,
    core,
    actors,
    async close() {
      driver.close();
      for (const a of actors) a.stop();
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}

/** True for the errors a lost message may legitimately end in: a timeout of a request or a transfer. */
export function isTimeout(e: unknown): boolean {
  if (e instanceof RequestTimeoutError || e instanceof TransferTimeoutError) return true;
  return e instanceof ActorCommandError && e.remote === 'TransferTimeoutError';
}
