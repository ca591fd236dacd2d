/**
 * Clusters in the three modes (DESIGN §1), all with the same driver and actors:
 *
 * - `launchCluster()` — simulation: an in-process bus, `partitions` actors in this process.
 * - `launchCluster({ transport: 'nats', workers: N, servers? })` — local cluster: N worker processes on
 *   this machine, over the given NATS servers or a nats-server it starts itself. With several servers
 *   (the nodes of a NATS cluster) worker `k` attaches to node `k mod n` (`attach: 'spread'`), and fails
 *   over to the other nodes if its own goes down.
 * - `connectCluster({ servers, cluster })` — multi-host: joins the workers started elsewhere with
 *   `actorlops worker --servers a,b,c --cluster NAME`.
 *
 * In the NATS modes membership comes from heartbeats: a worker that dies (process exit, no responders,
 * missed heartbeats) fails its pending operations with WorkerLostError naming it. `close()` leaves no
 * process, server or subscription behind.
 *
 * @example
 * const cluster = await launchCluster({ transport: 'nats', workers: 2 });
 * const x = cluster.fromArray(NDArray.random([512, 512], 1), { chunks: [2, 1] });
 * console.log(await x.norm());
 * await cluster.close();
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { InvalidParameterError } from '../operators/core/errors.ts';
import { ClusterStartError } from '../runtime/cluster/errors.ts';
import { Membership } from '../runtime/cluster/membership.ts';
import { WorkerProcesses } from '../runtime/cluster/processes.ts';
import { ensureServer } from '../runtime/cluster/server.ts';
import { type AttachPolicy, attachServers, serverList } from '../runtime/cluster/servers.ts';
import { checkToken, ctlSubject } from '../runtime/cluster/subjects.ts';
import { FailoverTransport } from '../runtime/cluster/failover.ts';
import { Bus } from '../runtime/transport/Bus.ts';
import { InProcessBus } from '../runtime/transport/InProcessBus.ts';
import { NatsTransport } from '../runtime/transport/NatsTransport.ts';
import type { NatsTransportOptions } from '../runtime/transport/natsOptions.ts';
import type { Transport } from '../runtime/transport/types.ts';
import { ClusterCore, type Placement, type StencilAxis } from './ClusterCore.ts';
import type { DistributedArray } from './DistributedArray.ts';
import type { ChunksSpec } from './chunks.ts';
import { Driver } from './Driver.ts';
import { PartitionActor } from './PartitionActor.ts';

export type ClusterMode = 'simulation' | 'local' | 'remote';

/** Connection options passed through to NATS (auth: token, user/pass, nkey, creds; TLS). */
export type ConnectionOptions = Omit<NatsTransportOptions, 'servers' | 'onHandlerError'>;

export interface LaunchOptions extends ConnectionOptions {
  /** @defaultValue 'simulation' */
  transport?: 'simulation' | 'nats';
  /** Simulation: actors in this process. @defaultValue 4 */
  partitions?: number;
  /** NATS: worker processes to spawn. @defaultValue 2 */
  workers?: number;
  /** NATS: servers to use (a list or a comma-separated string); when omitted a nats-server is started on a free loopback port. */
  servers?: string | string[];
  /** NATS: the server(s) worker `k` connects to (see runtime/cluster/servers.ts). @defaultValue 'spread' */
  attach?: AttachPolicy;
  /** NATS: working directory and extra environment of worker `k` (e.g. an empty cwd and HOME each). */
  spawn?: { cwd?(k: number): string; env?(k: number): Record<string, string> };
  /** Cluster name (subject token). @defaultValue a random one */
  cluster?: string;
  /** Per-command timeout, ms. @defaultValue 60000 */
  timeout?: number;
  /** Worker heartbeat period, ms. @defaultValue 250 */
  heartbeatMs?: number;
  /** A worker is lost after this long without a heartbeat, ms. @defaultValue 2000 */
  lostAfterMs?: number;
  /** NATS: a request answered by no-responders (its actor's node died) is retried this long, ms. @defaultValue lostAfterMs */
  failoverMs?: number;
  /** How long to wait for the workers to join, ms. @defaultValue 30000 */
  startTimeout?: number;
}

export interface ConnectOptions extends ConnectionOptions {
  servers: string | string[];
  cluster: string;
  /** Wait until at least this many workers joined. @defaultValue 1 */
  workers?: number;
  timeout?: number;
  lostAfterMs?: number;
  /** See LaunchOptions.failoverMs. */
  failoverMs?: number;
  /** @defaultValue 30000 */
  startTimeout?: number;
  /** After the minimum joined, wait this long for more, ms. @defaultValue 1000 */
  settleMs?: number;
}

export const launchDefaults = { transport: 'simulation', partitions: 4, workers: 2, heartbeatMs: 250, lostAfterMs: 2000, startTimeout: 30_000, attach: 'spread' } as const;

/** A worker as its cluster knows it (fields unknown in a mode are left out). */
export interface WorkerInfo {
  name: string;
  pid?: number;
  host?: string;
  /** The server URL(s) it was given (local clusters). */
  servers?: string[];
}

/** What `cluster.describe()` shows: the workers, and the placement of an array when one is given. */
export interface ClusterDescription {
  cluster: string;
  mode: ClusterMode;
  workers: WorkerInfo[];
  placement?: Placement;
}

/**
 * What a supervisor (actors/supervisor) needs of a NATS cluster: its membership (who joins, who is
 * lost) and, for a local cluster, restarting a worker process under its name.
 */
export interface ClusterControl {
  membership: Membership;
  /** Starts a new process for worker `name` once its old one exited; resolves with the new pid. */
  restart?(name: string): number;
}

/** A running cluster: factories of distributed arrays plus its life cycle. */
export class Cluster extends ClusterCore {
  private closing?: Promise<void>;

  /** @internal use launchCluster / connectCluster. */
  constructor(
    driver: Driver,
    actors: readonly string[],
    readonly mode: ClusterMode,
    private readonly cleanup: () => Promise<void>,
    /** PIDs of the processes this cluster started (workers, nats-server). */
    readonly pids: readonly number[] = [],
    private readonly workerInfo: () => WorkerInfo[] = () => actors.map((name) => ({ name })),
    /** Membership and restarts (NATS modes; absent in simulation). */
    readonly control?: ClusterControl,
  ) {
    super(driver, actors);
  }

  /**
   * The workers (pid, host, servers where known) and, given an array or `{ shape, chunks }`, its block →
   * worker map; given a stencil too, the halo slabs of one apply and the messages that cross workers.
   *
   * @example
   * const d = cluster.describe({ shape: [4096, 4096], chunks: [4, 1] }, { axis: 0, halo: 1 });
   * d.placement.workers;       // { w0: [0, 1], w1: [2, 3] }
   * d.placement.halo.bundles;  // [{ from: 'w0', to: 'w1', slabs: 1 }, { from: 'w1', to: 'w0', slabs: 1 }]
   */
  describe(x?: DistributedArray | { shape: readonly number[]; chunks?: ChunksSpec }, stencil?: StencilAxis | readonly StencilAxis[]): ClusterDescription {
    const d: ClusterDescription = { cluster: this.name, mode: this.mode, workers: this.workerInfo() };
    if (x) d.placement = this.placement(x, stencil);
    return d;
  }

  /** Round trip of a no-op command to `actor` (default: the first). */
  async ping(actor = this.actors[0]): Promise<void> {
    await this.driver.command(actor, 'noop', {});
  }

  /** Stops what this cluster started and closes its connections; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.driver.close();
      await this.cleanup();
    })();
    return this.closing;
  }
}

/** Starts a cluster: simulation (default) or local worker processes over NATS. */
export async function launchCluster(opts: LaunchOptions = {}): Promise<Cluster> {
  const o = { ...launchDefaults, ...opts };
  const name = checkToken('cluster', o.cluster ?? `c${randomUUID().slice(0, 8)}`);
  if (o.transport === 'simulation') return simulation(name, o.partitions, o.timeout);
  if (o.transport !== 'nats') throw new InvalidParameterError('launchCluster', 'transport', o.transport, "'simulation' or 'nats'");
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new InvalidParameterError('launchCluster', 'workers', o.workers, 'a positive integer');
  return local(name, o);
}

async function simulation(name: string, partitions: number, timeout?: number): Promise<Cluster> {
  if (!Number.isInteger(partitions) || partitions < 1) throw new InvalidParameterError('launchCluster', 'partitions', partitions, 'a positive integer');
  const bus = new Bus();
  const actors = Array.from({ length: partitions }, (_, k) => `p${k}`);
  const transports = actors.map(() => new InProcessBus(bus));
  const pas = actors.map((actor, k) => new PartitionActor({ transport: transports[k], cluster: name, actor }));
  const driverTransport = new InProcessBus(bus);
  const driver = new Driver(driverTransport, name, { timeout });
  for (const pa of pas) driver.epochs.set(pa.name, pa.epoch);
  return new Cluster(driver, actors, 'simulation', async () => {
    for (const pa of pas) pa.stop();
    await Promise.all([driverTransport, ...transports].map((t) => t.close()));
  });
}

function connection(o: ConnectionOptions): ConnectionOptions {
  const { token, user, pass, nkeySeed, creds, tls, reconnectTimeWait, maxReconnectAttempts, connectTimeout, pingInterval } = o;
  const c: ConnectionOptions = { token, user, pass, nkeySeed, creds, tls, reconnectTimeWait, maxReconnectAttempts, connectTimeout, pingInterval };
  for (const k of Object.keys(c) as (keyof ConnectionOptions)[]) if (c[k] === undefined) delete c[k];
  return c;
}

async function local(name: string, o: LaunchOptions & Required<Pick<LaunchOptions, 'workers' | 'heartbeatMs' | 'lostAfterMs' | 'startTimeout'>>): Promise<Cluster> {
  const server = await ensureServer(name, o.servers);
  const attached = Array.from({ length: o.workers }, (_, k) => attachServers(o.attach ?? 'spread', server.servers, k));
  const conn = connection(o);
  const undo: (() => Promise<void>)[] = [server.stop];
  try {
    const transport = await NatsTransport.connect({ ...conn, servers: server.servers, name: `actorlops-${name}-driver` });
    undo.unshift(() => transport.close());
    const membership = new Membership(transport, name, { lostAfterMs: o.lostAfterMs });
    undo.unshift(async () => membership.close());
    await transport.flush();
    const actors = Array.from({ length: o.workers }, (_, k) => `w${k}`);
    const script = fileURLToPath(new URL('./workerMain.ts', import.meta.url));
    const env = (k: number) => ({ ...o.spawn?.env?.(k), ACTORLOPS_WORKER: JSON.stringify({ ...conn, servers: attached[k], heartbeatMs: o.heartbeatMs }) });
    const procs = new WorkerProcesses(o.workers, { script, args: (k) => [name, actors[k]], env, cwd: o.spawn?.cwd });
    undo.unshift(() => procs.stop());
    const early = new Promise<never>((_, reject) => procs.onExit((w) => reject(new ClusterStartError(name, `worker ${actors[w.index]} (pid ${w.pid}) exited during start`))));
    early.catch(() => {});
    await Promise.race([membership.waitFor(o.workers, o.startTimeout), early]);
    const driver = wire(name, membership, transport, o);
    procs.onExit((w) => {
      if (procs.workers[w.index] !== w) return; // an earlier incarnation, already replaced
      driver.lose(actors[w.index], 'process-exit');
      membership.markLost(actors[w.index]);
    });
    const pids = [...procs.pids, ...(server.pid ? [server.pid] : [])];
    const info = () => actors.map((a, k) => ({ name: a, pid: procs.pids[k], host: membership.get(a)?.host, servers: attached[k] }));
    const restart = (actor: string) => {
      const k = actors.indexOf(actor);
      if (k < 0) throw new InvalidParameterError('Cluster.restart', 'name', actor, `one of ${actors.join(', ')}`);
      return procs.respawn(k).pid;
    };
    return new Cluster(driver, actors, 'local', () => runAll(undo), pids, info, { membership, restart });
  } catch (e) {
    await runAll(undo);
    throw e instanceof ClusterStartError ? e : new ClusterStartError(name, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** Joins workers started elsewhere (`actorlops worker --servers URL --cluster NAME`). */
export async function connectCluster(opts: ConnectOptions): Promise<Cluster> {
  const name = checkToken('cluster', opts.cluster);
  const transport = await NatsTransport.connect({ ...connection(opts), servers: serverList(opts.servers, 'connectCluster'), name: `actorlops-${name}-driver` });
  const membership = new Membership(transport, name, { lostAfterMs: opts.lostAfterMs });
  const cleanup = async () => {
    membership.close();
    await transport.close();
  };
  try {
    await membership.waitFor(opts.workers ?? 1, opts.startTimeout ?? 30_000);
    await new Promise((r) => setTimeout(r, opts.settleMs ?? 1000));
  } catch (e) {
    await cleanup();
    throw new ClusterStartError(name, e instanceof Error ? e.message : String(e), { cause: e });
  }
  const members = membership.alive().sort((a, b) => a.actor.localeCompare(b.actor, 'en', { numeric: true }));
  const driver = wire(name, membership, transport, opts);
  const info = () => members.map((m) => ({ name: m.actor, pid: m.pid, host: m.host }));
  return new Cluster(driver, members.map((m) => m.actor), 'remote', cleanup, [], info, { membership });
}

/**
 * The driver of a NATS cluster, over a failover transport (no-responders retried for `failoverMs`,
 * requests re-sent when their actor reconnects elsewhere); epochs from heartbeats; lost members fail
 * their commands; connection changes pause the clock.
 */
function wire(name: string, membership: Membership, transport: Transport, o: { timeout?: number; lostAfterMs?: number; failoverMs?: number }): Driver {
  const isLost = (subject: string): boolean => driver.lostError(subject.slice(subject.lastIndexOf('.') + 1)) !== undefined;
  const failover = new FailoverTransport(transport, { failoverMs: o.failoverMs ?? o.lostAfterMs ?? launchDefaults.lostAfterMs, isLost });
  const driver: Driver = new Driver(failover, name, { timeout: o.timeout });
  membership.onReconnected((actor) => failover.resend(ctlSubject(name, actor)));
  for (const m of membership.alive()) driver.epochs.set(m.actor, m.epoch);
  membership.onLost((actor) => driver.lose(actor, 'missed-heartbeats'));
  transport.onStatus?.((s) => {
    if (s.type === 'disconnect' || s.type === 'reconnecting') membership.suspend();
    if (s.type === 'reconnect') membership.resume();
  });
  return driver;
}

async function runAll(steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps) await step().catch(() => {});
}
