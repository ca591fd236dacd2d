/**
 * Server lists of a NATS cluster (several routed nats-servers) and which of them each worker attaches to.
 *
 * A list may be given as an array or as one comma-separated string (`--servers a,b,c` on the command
 * line). A client handed one URL still fails over to the other nodes: the server it connects to tells
 * it every node's client URL (`connect_urls` of the cluster's INFO), and the client adds them to its
 * pool for reconnects.
 */
import { InvalidParameterError } from '../../operators/core/errors.ts';

/** How worker `k` of a local cluster picks its server(s). */
export type AttachPolicy = 'spread' | 'all' | ((k: number, servers: readonly string[]) => string | readonly string[]);

/** The URLs of `servers` (an array, or a comma/whitespace-separated string), each non-empty. */
export function serverList(servers: string | readonly string[], where = 'servers'): string[] {
  const list = (typeof servers === 'string' ? [servers] : Array.isArray(servers) ? servers : [])
    .flatMap((s) => (typeof s === 'string' ? s.split(/[\s,]+/) : [s]))
    .filter((s) => s !== '');
  if (list.length === 0 || list.some((s) => typeof s !== 'string')) {
    throw new InvalidParameterError(where, 'servers', servers, 'a NATS URL, a comma-separated list of them, or an array of them');
  }
  return list;
}

/**
 * The servers worker `k` connects to under `policy`:
 * - `'spread'` (default): node `k mod n`, so workers are spread round-robin over the nodes;
 * - `'all'`: the whole list (the client picks one at random);
 * - a function: its answer.
 */
export function attachServers(policy: AttachPolicy, servers: readonly string[], k: number): string[] {
  if (policy === 'all') return [...servers];
  if (policy === 'spread') return [servers[k % servers.length]];
  if (typeof policy === 'function') return serverList(policy(k, servers) as string | string[], 'attach');
  throw new InvalidParameterError('launchCluster', 'attach', policy, "'spread', 'all' or a function (k, servers) => URL(s)");
}
