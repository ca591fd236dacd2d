/**
 * Entry of a worker process spawned by `launchCluster({ transport: 'nats' })`:
 * `node --import tsx actors/workerMain.ts <cluster> <actor>`, connection options (servers and any
 * credentials) in the environment variable ACTORLOPS_WORKER as JSON, never on the command line.
 * Exits when its parent goes away (IPC channel closed).
 */
import { runWorker, type WorkerOptions } from './worker.ts';

const [cluster, actor] = process.argv.slice(2);
const opts = JSON.parse(process.env.ACTORLOPS_WORKER ?? '{}') as Omit<WorkerOptions, 'cluster' | 'actor'>;
delete process.env.ACTORLOPS_WORKER;
const w = await runWorker({ ...opts, cluster, actor });
process.on('disconnect', () => void w.stop());
await w.stopped;
process.exit(0);
