/**
 * A NATS cluster of real `nats-server` processes joined by routes, standing for several hosts on one
 * machine: node `i` listens on its own loopback address (127.0.0.11, .12, .13, …) and its own free
 * port, with its own cluster (route) port and monitoring port; every node lists every other node's
 * route URL. Optional JetStream (each node with its own temporary store) and token auth. Nodes are
 * controlled by PID: `kill(i)` (SIGKILL, a crash), `restart(i)` (same address, ports and store),
 * `stop()` (all, final).
 *
 * Where the extra loopback addresses cannot be bound (not every OS routes all of 127/8 to `lo`), every
 * node falls back to 127.0.0.1 with distinct ports; `distinctHosts` says which happened.
 *
 * @example
 * const nc = await startNatsCluster({ jetstream: true });
 * const t = await NatsTransport.connect({ servers: nc.urls });
 * await nc.kill(1); // clients of node 1 move to the others
 * await nc.restart(1);
 * await nc.waitForRoutes();
 * await nc.stop();
 */
import { createServer } from 'node:net';
import { ActorlopsError } from '../../operators/core/errors.ts';
import { freePort, type NatsServer, startNatsServer } from './natsServer.ts';

export interface NatsClusterOptions {
  /** Number of nodes. @defaultValue 3 */
  size?: number;
  /** Loopback address of each node. @defaultValue 127.0.0.11, 127.0.0.12, … */
  hosts?: string[];
  /** Cluster name of the routes. @defaultValue 'actorlops' */
  name?: string;
  /** JetStream on every node, each with its own temporary store. @defaultValue false */
  jetstream?: boolean;
  /** Client token required by every node. */
  token?: string;
  /** Path of the nats-server binary (see natsServer.ts). */
  binary?: string;
  /** Milliseconds to wait for every node to route to every other. @defaultValue 10000 */
  routeTimeout?: number;
}

/** The routes of a NATS cluster did not form in time. */
export class NatsClusterError extends ActorlopsError {
  constructor(readonly reason: string, readonly routes: number[]) {
    super(`NATS cluster not formed: ${reason} (routes per node: [${routes.join(', ')}])`);
  }
}

/** One node: its process, address and ports. */
export interface NatsClusterNode {
  readonly host: string;
  readonly server: NatsServer;
  readonly clusterPort: number;
  readonly monitorPort: number;
  /** Client URL, e.g. `nats://127.0.0.11:40123` (no credentials). */
  readonly url: string;
}

/** True when a TCP socket can listen on `host`. */
export function bindable(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, host, () => srv.close(() => resolve(true)));
  });
}

/** The addresses the nodes will use: the wanted ones when all can be bound, else 127.0.0.1 for all. */
export async function clusterHosts(size: number, wanted?: string[]): Promise<{ hosts: string[]; distinct: boolean }> {
  const hosts = wanted ?? Array.from({ length: size }, (_, i) => `127.0.0.${11 + i}`);
  const ok = await Promise.all(hosts.map(bindable));
  return ok.every(Boolean) ? { hosts, distinct: new Set(hosts).size === hosts.length } : { hosts: hosts.map(() => '127.0.0.1'), distinct: false };
}

export class NatsCluster {
  /** @internal use {@link startNatsCluster}. */
  constructor(
    readonly nodes: readonly NatsClusterNode[],
    /** Whether the nodes got distinct loopback addresses (false: all on 127.0.0.1). */
    readonly distinctHosts: boolean,
    private readonly routeTimeout: number,
  ) {}

  /** Client URLs of all nodes, in node order. */
  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** PIDs of the running nodes (undefined for a killed one). */
  get pids(): (number | undefined)[] {
    return this.nodes.map((n) => n.server.pid);
  }

  /** Routes each node has now (from its /routez); -1 for a node that does not answer. */
  async routeCounts(): Promise<number[]> {
    return Promise.all(
      this.nodes.map(async (n) => {
        try {
          const r = await fetch(`http://${n.host}:${n.monitorPort}/routez`, { signal: AbortSignal.timeout(1000) });
          return ((await r.json()) as { num_routes: number }).num_routes;
        } catch {
          return -1;
        }
      }),
    );
  }

  /** Names of the client connections node `i` holds now (from its /connz). */
  async connections(i: number): Promise<string[]> {
    const n = this.node(i);
    const r = await fetch(`http://${n.host}:${n.monitorPort}/connz?limit=1024`, { signal: AbortSignal.timeout(1000) });
    return ((await r.json()) as { connections?: { name?: string }[] }).connections?.map((c) => c.name ?? '') ?? [];
  }

  /** The node whose client connections include one named `name`, or -1. */
  async nodeOf(name: string): Promise<number> {
    const all = await Promise.all(this.nodes.map((n, i) => (n.server.pid === undefined ? ([] as string[]) : this.connections(i))));
    return all.findIndex((names) => names.includes(name));
  }

  /** Resolves once every running node routes to every other running node. */
  async waitForRoutes(timeoutMs = this.routeTimeout): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const up = this.nodes.filter((n) => n.server.pid !== undefined).length;
      const counts = await this.routeCounts();
      if (counts.every((c, i) => this.nodes[i].server.pid === undefined || c >= up - 1)) return;
      if (Date.now() > deadline) throw new NatsClusterError(`not every node routes to the other ${up - 1} within ${timeoutMs} ms`, counts);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILLs node `i` (by its PID), like a crashed host. */
  kill(i: number): Promise<void> {
    return this.node(i).server.kill();
  }

  /** Starts node `i` again on the same address, ports and JetStream store. */
  restart(i: number): Promise<void> {
    return this.node(i).server.restart();
  }

  /** Stops every node (SIGTERM, then SIGKILL) and removes their temporary folders. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.server.stop()));
  }

  private node(i: number): NatsClusterNode {
    const n = this.nodes[i];
    if (!n) throw new RangeError(`invalid argument. Node index must be in [0, ${this.nodes.length}). Value: \`${i}\``);
    return n;
  }
}

/** The config file of one node: cluster block with routes to the others, optional token. */
function nodeConfig(name: string, host: string, clusterPort: number, routes: string[], token?: string): string {
  const lines = [`cluster {`, `  name: "${name}"`, `  listen: "${host}:${clusterPort}"`, `  routes: [${routes.map((r) => `"${r}"`).join(', ')}]`, `}`];
  if (token !== undefined) lines.push(`authorization { token: "${token}" }`);
  return lines.join('\n') + '\n';
}

/** Starts the nodes, each routed to all others, and resolves once every route is up. */
export async function startNatsCluster(opts: NatsClusterOptions = {}): Promise<NatsCluster> {
  const size = opts.size ?? opts.hosts?.length ?? 3;
  const { hosts, distinct } = await clusterHosts(size, opts.hosts);
  const clusterPorts: number[] = [];
  const monitorPorts: number[] = [];
  for (let i = 0; i < size; i++) {
    clusterPorts.push(await freePort());
    monitorPorts.push(await freePort());
  }
  const routeUrl = (i: number) => `nats-route://${hosts[i]}:${clusterPorts[i]}`;
  const started: NatsServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      const routes = hosts.map((_, j) => j).filter((j) => j !== i).map(routeUrl);
      started.push(
        await startNatsServer({
          binary: opts.binary,
          jetstream: opts.jetstream,
          config: nodeConfig(opts.name ?? 'actorlops', hosts[i], clusterPorts[i], routes, opts.token),
          // after natsServer's own `-a 127.0.0.1`: the last -a wins; -n names the node in routez and logs
          args: ['-a', hosts[i], '-m', String(monitorPorts[i]), '-n', `node${i}`],
        }),
      );
    }
    const nodes = started.map((server, i) => ({ host: hosts[i], server, clusterPort: clusterPorts[i], monitorPort: monitorPorts[i], url: `nats://${hosts[i]}:${server.port}` }));
    const cluster = new NatsCluster(nodes, distinct, opts.routeTimeout ?? 10_000);
    await cluster.waitForRoutes();
    return cluster;
  } catch (e) {
    await Promise.all(started.map((s) => s.stop()));
    throw e;
  }
}
