/**
 * The NATS server(s) of a local cluster: the given `servers` (a list, or a comma-separated string), or
 * a nats-server started on a free loopback port (and stopped on close) when none is given and the
 * binary exists.
 */
import { existsSync } from 'node:fs';
import { NatsServer, startNatsServer } from '../testing/natsServer.ts';
import { ClusterStartError } from './errors.ts';
import { serverList } from './servers.ts';

export interface ServerHandle {
  servers: string[];
  /** PID of the server this library started, if any. */
  pid?: number;
  stop(): Promise<void>;
}

/** Uses `servers` when given; otherwise starts an own nats-server. */
export async function ensureServer(cluster: string, servers?: string | string[]): Promise<ServerHandle> {
  if (servers !== undefined) return { servers: serverList(servers, 'launchCluster'), stop: async () => {} };
  const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
  if (!existsSync(bin) && !process.env.PATH?.split(':').some((d) => existsSync(`${d}/nats-server`))) {
    throw new ClusterStartError(cluster, 'no `servers` given and no nats-server binary found (set NATS_SERVER_BIN or pass servers)');
  }
  let server: NatsServer;
  try {
    server = await startNatsServer();
  } catch (e) {
    throw new ClusterStartError(cluster, 'cannot start nats-server', { cause: e });
  }
  return { servers: [server.url], pid: server.pid, stop: () => server.stop() };
}
