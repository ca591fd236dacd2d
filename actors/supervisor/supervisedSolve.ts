/**
 * A solver run that survives the loss of workers: the run checkpoints every `every` iterations into a
 * directory of its own; when a worker is lost the supervisor re-places its slots (Supervisor.ts), and
 * the run is resumed from its last checkpoint with `resume(dir, …)` on the same cluster. The resume
 * re-scatters every vector of the checkpoint (the lost blocks land on their new owners) and restarts
 * the solver machine at the checkpoint's iteration boundary, so the run carries on to the answer of
 * the uninterrupted run. Before the first checkpoint the run starts over from `y`.
 *
 * The interrupted attempt is abandoned (aborted at its next iteration boundary); its arrays have ids of
 * their own, so nothing it still sends can touch the resumed run's arrays, and it cannot write a
 * checkpoint: gathering its vectors needs the lost blocks.
 *
 * @example
 * const sup = new Supervisor(cluster, { restart: true });
 * const r = await supervisedSolve(sup, {
 *   op, y, chunks: [4, 1], checkpoint: { dir: '/tmp/ckpt', every: 5 },
 *   run: (y, o) => cgls(op, y, { niter: 40, damp: 0.1, ...o }),
 * });
 * r.x; r.recoveries; r.attempts; // Float64Array, [{ actor: 'w1', ... }], ['start', 10]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { ActorlopsError } from '../../operators/core/errors.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import type { NDArray } from '../../operators/core/NDArray.ts';
import { WorkerLostError } from '../../runtime/cluster/errors.ts';
import { ActorRestartedError } from '../errors.ts';
import { readCheckpoint } from '../../solvers/checkpoint.ts';
import { resume } from '../../solvers/solve.ts';
import type { RunOptions, SolverResult } from '../../solvers/types.ts';
import type { ChunksSpec } from '../chunks.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { DistributedVectors } from '../vectors/DistributedVectors.ts';
import type { Recovery, Supervisor } from './Supervisor.ts';

export interface SupervisedSolveOptions {
  op: LinearOperator;
  /** The data, scattered with `chunks` at the start (and again if the run starts over). */
  y: NDArray;
  /** Chunk grid of both sides. @defaultValue axis 0 over the slots */
  chunks?: ChunksSpec;
  /** Starts the solver on the scattered `y` with the given run options, e.g. `(y, o) => cgls(op, y, { niter: 40, ...o })`. */
  run: (y: DistributedArray, options: RunOptions<DistributedArray>) => Promise<SolverResult>;
  /** Where the run's checkpoint directory is made (and removed after), and the period in iterations. */
  checkpoint: { dir: string; every: number };
  /** Called after every iteration of every attempt. */
  callback?: RunOptions<DistributedArray>['callback'];
  /** Recoveries allowed in one solve. @defaultValue 8 */
  maxRecoveries?: number;
}

/** The solver result with `x` gathered, and what it took. */
export interface SupervisedResult extends SolverResult<FloatArray> {
  /** The re-placements during the solve. */
  recoveries: Recovery[];
  /** Where each attempt began: 'start', or the checkpoint iteration it resumed from. */
  attempts: (number | 'start')[];
}

/** More workers were lost in one solve than `maxRecoveries` allows. */
export class RecoveryLimitError extends ActorlopsError {
  constructor(readonly recoveries: number, options?: { cause?: unknown }) {
    super(`gave up after ${recoveries} recoveries in one solve`, options);
  }
}

type Outcome = { r: SolverResult<FloatArray> } | { e: unknown } | { moved: true };

/** Runs `o.run` under `sup`, resuming from the last checkpoint after each loss of a worker. */
export async function supervisedSolve(sup: Supervisor, o: SupervisedSolveOptions): Promise<SupervisedResult> {
  const cluster = sup.cluster;
  const dir = await mkdtemp(join(o.checkpoint.dir, 'run-'));
  const recoveries: Recovery[] = [];
  const attempts: (number | 'start')[] = [];
  const offRecovery = sup.onRecovery((r) => r.waiting.length === 0 && recoveries.push(r));
  const scattered: DistributedArray[] = [];
  try {
    for (;;) {
      const version = cluster.placementVersion;
      const from = await readCheckpoint(dir).then((d) => d.iteration, () => 'start' as const);
      attempts.push(from);
      const abort = new AbortController();
      const space = DistributedVectors.forOperator(cluster, o.op, { chunks: { model: o.chunks, data: o.chunks } });
      const options: RunOptions<DistributedArray> = { space, signal: abort.signal, callback: o.callback };
      const attempt = (async (): Promise<SolverResult<FloatArray>> => {
        let r: SolverResult;
        if (from === 'start') {
          const y = cluster.fromArray(o.y, { chunks: o.chunks });
          scattered.push(y);
          r = await o.run(y, { ...options, checkpoint: { dir, every: o.checkpoint.every } });
        } else r = await resume(dir, { ...(options as RunOptions<never>), op: o.op });
        const xd = r.x as DistributedArray;
        const x = await space.toLocal(xd);
        await xd.free().catch(() => undefined);
        return { ...r, x };
      })();
      attempt.catch(() => undefined);
      let offMoved = () => {};
      const moved = new Promise<Outcome>((resolve) => (offMoved = sup.onRecovery((r) => r.waiting.length === 0 && cluster.placementVersion !== version && resolve({ moved: true }))));
      const outcome = await Promise.race<Outcome>([attempt.then((r) => ({ r }), (e) => ({ e })), moved]);
      offMoved();
      if ('r' in outcome) return { ...outcome.r, recoveries, attempts }; // every command succeeded: the numbers are right
      abort.abort(new Error('abandoned after the loss of a worker'));
      if ('e' in outcome && cluster.placementVersion === version) await settle(sup, outcome.e);
      if (recoveries.length > (o.maxRecoveries ?? 8)) throw new RecoveryLimitError(recoveries.length);
    }
  } finally {
    offRecovery();
    await Promise.all(scattered.map((y) => y.free().catch(() => undefined)));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * After an attempt failed before any re-placement: a lost worker is re-placed now; an actor that
 * answered with another epoch (restarted before it was found lost) is re-placed once its new
 * incarnation's heartbeat arrives (within `restartWaitMs`); any other error is the caller's.
 */
async function settle(sup: Supervisor, e: unknown, restartWaitMs = 5000): Promise<void> {
  const c = cause(e, (x) => x instanceof WorkerLostError || x instanceof ActorRestartedError);
  if (c instanceof WorkerLostError) return sup.lost(c.worker);
  if (!(c instanceof ActorRestartedError)) throw e;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), restartWaitMs)));
  const r = await Promise.race([sup.nextRecovery(), late]);
  clearTimeout(timer);
  if (r === 'late') throw e;
}

/** The first of `e` and its causes that `match`es. */
function cause(e: unknown, match: (x: unknown) => boolean): unknown {
  for (let c = e, depth = 0; c && depth < 8; c = (c as { cause?: unknown }).cause, depth++) if (match(c)) return c;
  return undefined;
}
