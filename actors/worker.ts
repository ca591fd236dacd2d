/**
 * A worker: one process that connects to NATS and hosts one partition actor of a cluster, joining it
 * by name (its heartbeats on `lops.<cluster>.hb.<actor>` announce it). Started by `launchCluster` for
 * local clusters and by `actorlops worker --servers URL --cluster NAME` on every host of a multi-host one.
 * `servers` may list several nodes of a NATS cluster (an array or `a,b,c`); the worker connects to one
 * and fails over to the others (and to nodes the cluster announces) while it runs.
 *
 * @example
 * const w = await runWorker({ servers: 'nats://10.0.0.1:4222', cluster: 'prod' });
 * await w.stopped; // runs until SIGINT/SIGTERM or w.stop()
 */
import { hostname } from 'node:os';
import { NatsTransport } from '../runtime/transport/NatsTransport.ts';
import type { NatsTransportOptions } from '../runtime/transport/natsOptions.ts';
import { checkToken } from '../runtime/cluster/subjects.ts';
import { serverList } from '../runtime/cluster/servers.ts';
import { announceReconnect } from '../runtime/cluster/membership.ts';
import { PartitionActor } from './PartitionActor.ts';
import './vectors/index.ts'; // operator protocols and solver vector commands; operators arrive as specs by message

export interface WorkerOptions extends NatsTransportOptions {
  /** Cluster name to join (one subject token). */
  cluster: string;
  /** Actor name (one subject token). @defaultValue `<host>-<pid>` */
  actor?: string;
  /** Heartbeat period in ms. @defaultValue 250 */
  heartbeatMs?: number;
  /** Stop gracefully on SIGINT/SIGTERM. @defaultValue true */
  signals?: boolean;
}

export interface WorkerHandle {
  readonly actor: string;
  readonly epoch: number;
  /** Settles once the worker stopped. */
  readonly stopped: Promise<void>;
  /** Stops the actor and drains the connection. */
  stop(): Promise<void>;
}

export const workerDefaults = { heartbeatMs: 250, signals: true } as const;

/** Connects, starts the actor and resolves once it listens. */
export async function runWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  const o = { ...workerDefaults, ...opts };
  const cluster = checkToken('cluster', o.cluster);
  const actor = checkToken('actor', o.actor ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}`);
  const transport = await NatsTransport.connect({ name: `actorlops-${cluster}-${actor}`, ...o, servers: serverList(o.servers, 'runWorker') });
  const pa = new PartitionActor({ transport, cluster, actor, heartbeatMs: o.heartbeatMs });
  let reconnects = 0;
  const hb = { actor, epoch: pa.epoch, pid: process.pid, host: hostname() };
  const offStatus = transport.onStatus((s) => s.type === 'reconnect' && announceReconnect(transport, cluster, { ...hb, reconnects: ++reconnects }));
  await transport.flush();
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const onSignal = () => void stop();
  const stop = () =>
    (stopping ??= (async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      offStatus();
      pa.stop();
      await transport.drain().catch(() => transport.close());
      resolveStopped();
    })());
  if (o.signals) process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { actor, epoch: pa.epoch, stopped, stop };
}
