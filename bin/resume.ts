/**
 * `actorlops resume`: continues a solver run checkpointed in JetStream (`checkpoint: { store:
 * 'jetstream', servers, bucket, run }`), on any host that reaches the servers. With `--workers N` it
 * launches a local cluster of N worker processes on those servers and scatters the vectors back on the
 * checkpoint's chunk grid; without it the run continues in this process. Prints a one-line summary and,
 * with `--out`, writes x (shaped as the operator's dims) to a .npy file.
 *
 * @example
 * actorlops resume --servers nats://10.0.0.1:4222 --bucket ckpt --run 3f2c… --workers 2 --out x.npy
 */
import type { NDArray } from '../operators/core/NDArray.ts';
import { CliError } from './errors.ts';
import { redactUrl, workerOptions } from './worker.ts';

/** Options as commander gives them. */
export interface ResumeFlags {
  servers: string;
  bucket: string;
  run: string;
  workers?: string;
  out?: string;
  token?: string;
  user?: string;
  pass?: string;
  creds?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** What the command does, checked. */
export interface ResumePlan {
  /** Where the run is: servers, bucket, run and auth (as resume() takes it). */
  source: { servers: string[]; bucket: string; run: string; token?: string; user?: string; pass?: string; creds?: string; tls?: { caFile?: string; certFile?: string; keyFile?: string } };
  workers?: number;
  out?: string;
}

const BUCKET = /^[A-Za-z0-9_-]+$/;
const RUN = /^[A-Za-z0-9_.-]+$/;

/** Validates the flags (servers and auth as `actorlops worker` checks them). */
export function resumePlan(f: ResumeFlags): ResumePlan {
  const { servers, cluster: _c, actor: _a, ...auth } = workerOptions({ ...f, cluster: 'resume' });
  if (!BUCKET.test(f.bucket)) throw new CliError('--bucket', 'a name of letters, digits, `_` or `-`', f.bucket);
  if (!RUN.test(f.run)) throw new CliError('--run', 'a run id of letters, digits, `_`, `-` or `.`', f.run);
  const plan: ResumePlan = { source: { servers, bucket: f.bucket, run: f.run, ...auth } };
  if (f.workers !== undefined) {
    const n = Number(f.workers);
    if (!/^\d+$/.test(f.workers) || n < 1) throw new CliError('--workers', 'a positive integer', f.workers);
    plan.workers = n;
  }
  if (f.out !== undefined) plan.out = f.out;
  return plan;
}

/** Resumes the run, prints its summary, writes x with `--out`. */
export async function runResumeCommand(flags: ResumeFlags, log: (s: string) => void): Promise<void> {
  const plan = resumePlan(flags);
  await import('../operators/index.ts');
  const { resume } = await import('../solvers/index.ts');
  const { openResumeStore } = await import('../solvers/checkpointStore.ts');
  const { fromSpec } = await import('../operators/core/spec.ts');
  const { NDArray } = await import('../operators/core/NDArray.ts');
  // read (and verify) the newest checkpoint first: a missing run or server fails before workers start
  const probe = await openResumeStore(plan.source, (m) => log(`warning: ${m}`));
  const data = await probe.load().finally(() => probe.close());
  if (!data.op) throw new CliError('--run', 'a run whose operator has a spec (fromSpec)', flags.run);
  const op = fromSpec(data.op);
  const where = `${plan.source.servers.map(redactUrl).join(',')} bucket ${plan.source.bucket}`;
  log(`resuming ${data.solver} run ${plan.source.run} from iteration ${data.iteration} (${where}) ${plan.workers ? `on ${plan.workers} workers` : 'locally'}`);
  const cluster = plan.workers ? await launch(plan) : undefined;
  try {
    const r = await resume(plan.source, { op, cluster, warn: (m) => log(`warning: ${m}`) });
    const x: NDArray = cluster ? await (r.x as { toArray(): Promise<NDArray> }).toArray() : new NDArray(r.x as Float64Array, op.dims);
    log(`${data.solver} run ${r.run}: ${r.iterations} iterations (stop: ${r.stop}), cost ${r.cost.at(-1)}`);
    if (plan.out) {
      const { writeNpy } = await import('../runtime/npy.ts');
      await writeNpy(plan.out, x);
      log(`x (${x.shape.join('x')}, ${x.dtype}) written to ${plan.out}`);
    }
  } finally {
    await cluster?.close();
  }
}

/** A local cluster of `plan.workers` worker processes on the run's servers. */
async function launch(plan: ResumePlan) {
  const { launchCluster } = await import('../actors/index.ts');
  const { servers, bucket: _b, run: _r, ...auth } = plan.source;
  return launchCluster({ transport: 'nats', workers: plan.workers, servers, ...auth });
}
