/**
 * A local NATS cluster (2 worker processes, its own nats-server on a free port) whose workers know the
 * operator commands. Until the worker entry imports actors/ops itself, the workers preload it through
 * NODE_OPTIONS (set only while they are spawned).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Cluster, launchCluster } from '../../../actors/Cluster.ts';

const ops = pathToFileURL(fileURLToPath(new URL('../../../actors/ops/index.ts', import.meta.url))).href;

export async function launchOpsCluster(workers = 2): Promise<Cluster> {
  const prev = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${prev ?? ''} --import tsx --import ${ops}`.trim();
  try {
    return await launchCluster({ transport: 'nats', workers });
  } finally {
    if (prev === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = prev;
  }
}
