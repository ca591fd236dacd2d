/**
 * The driver of a solver run: it reads the machine's pending command, runs that phase against the
 * vector space, replies DONE with the phase's patch, and at every iteration boundary (`check`) calls
 * the callback, updates the progress line, writes a due checkpoint and honours the abort signal.
 */
import type { Actor } from 'xstate';
import { ActorlopsError } from '../operators/core/errors.ts';
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type CheckpointData } from './checkpoint.ts';
import type { SolverCheckpointStore } from './checkpointStore.ts';
import type { Handles } from './handles.ts';
import { LocalVectors } from './LocalVectors.ts';
import type { SolverMachine } from './machine.ts';
import { Progress } from './progress.ts';
import type { Patch, RunOptions, SolverContext, SolverDef, SolverResult } from './types.ts';
import { KeyedOps, type VectorSpace } from './vectors.ts';

/** The machine reached `failed` (a phase threw, or FAIL was sent). */
export class SolverFailedError extends ActorlopsError {
  constructor(
    readonly solver: string,
    readonly iteration: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${solver} failed at iteration ${iteration}: ${reason}`, options);
  }
}

/** Everything a running solver needs. */
export interface Run<V> {
  def: SolverDef;
  op: LinearOperator;
  space: VectorSpace<V>;
  h: Handles<V>;
  actor: Actor<SolverMachine>;
  options: RunOptions<never>;
  /** Converts the result handle to what the caller gets (a typed array for local runs). */
  output: (x: V) => Promise<unknown>;
  /** Where checkpoints go, and their period (from the `checkpoint` option, see checkpointStore.ts). */
  checkpoints?: { store: SolverCheckpointStore; every: number };
}

/** Runs the machine to completion and resolves to the solver result. */
export async function drive<V>(run: Run<V>): Promise<SolverResult> {
  const { actor, def } = run;
  const start = actor.getSnapshot().context.iteration;
  const show = run.options.show;
  const progress = show ? new Progress(def.name, def.costLabel, actor.getSnapshot().context.niter, show === true ? {} : show, start) : null;
  if (show && run.checkpoints) {
    const { store, every } = run.checkpoints;
    ((show === true ? undefined : show.stream) ?? process.stderr).write(`${def.name} run ${actor.getSnapshot().context.runId}: checkpoint every ${every} iterations to ${store.location}\n`);
  }
  let reported = start;
  for (;;) {
    const snap = actor.getSnapshot();
    const ctx = snap.context;
    if (snap.status !== 'active') return finish(run, ctx, snap.value === 'failed', progress);
    if (snap.value === 'check') {
      if (ctx.iteration > reported) {
        reported = ctx.iteration;
        await boundary(run, ctx, progress);
      }
      actor.send({ type: 'CONTINUE' });
      continue;
    }
    const cmd = ctx.command;
    if (!cmd) throw new SolverFailedError(def.name, ctx.iteration, `state ${JSON.stringify(snap.value)} has no command`);
    const patch = await runPhase(run, ctx, cmd.phase, cmd.key);
    actor.send({ type: 'DONE', key: cmd.key, patch });
  }
}

async function runPhase<V>(run: Run<V>, ctx: SolverContext, phase: string, key: string): Promise<Patch> {
  const { def, h } = run;
  const fn = phase === 'setup' ? def.setup : phase === 'finalize' ? (def.finalize ?? (async () => undefined)) : def.step[phase];
  const ops = new KeyedOps(run.space, key);
  try {
    const patch = (await fn({ op: run.op, ops, h, ctx })) ?? {};
    await ops.settle();
    await h.settle();
    return { ...patch, vectors: h.takeChanges() };
  } catch (e) {
    await ops.settle().catch(() => undefined);
    run.actor.send({ type: 'FAIL', error: String((e as Error)?.message ?? e) });
    await h.dispose();
    throw e;
  }
}

/** Callback, progress, checkpoint and abort at the end of an iteration. */
async function boundary<V>(run: Run<V>, ctx: SolverContext, progress: Progress | null): Promise<void> {
  const cost = ctx.cost.at(-1) ?? NaN;
  const { callback, signal } = run.options;
  const checkpoints = run.checkpoints;
  const name = run.def.result ?? 'x';
  if (callback) await (callback as (x: unknown, i: unknown) => unknown)(run.h.get(name), { iteration: ctx.iteration, cost, scalars: ctx.scalars });
  progress?.update(ctx.iteration, cost);
  if (checkpoints && ctx.iteration % checkpoints.every === 0) await checkpoints.store.save(await checkpointData(run, checkpoints.every));
  if (signal?.aborted) {
    run.actor.send({ type: 'FAIL', error: 'aborted' });
    await run.h.dispose();
    throw signal.reason ?? new Error('aborted');
  }
}

/** The machine snapshot, every live vector (as local arrays) and the chunk grids of a blocked run. */
export async function checkpointData<V>(run: Run<V>, every: number): Promise<CheckpointData> {
  const snapshot = run.actor.getPersistedSnapshot() as unknown as CheckpointData['snapshot'];
  const vectors: CheckpointData['vectors'] = {};
  const grids: NonNullable<CheckpointData['grids']> = {};
  for (const [name, role] of Object.entries(snapshot.context.vectors)) {
    const v = run.h.get(name);
    vectors[name] = { role, data: await run.space.toLocal(v) };
    const g = grids[role] ?? gridOf(v);
    if (g) grids[role] = g;
  }
  let op: CheckpointData['op'] = null;
  try {
    op = run.op.toSpec();
  } catch {
    op = null; // an operator without a spec: resume needs `op`
  }
  const layout = run.space instanceof LocalVectors ? run.space.layout : null;
  const ctx = run.actor.getSnapshot().context;
  const data = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, solver: run.def.name, iteration: ctx.iteration, snapshot, vectors, op, layout, every };
  return (Object.keys(grids).length ? { ...data, grids } : data) as CheckpointData;
}

/** The blocks per axis of a blocked vector (one with a chunk grid, e.g. a DistributedArray), else undefined. */
function gridOf(v: unknown): number[][] | undefined {
  const g = (v as { grid?: { toJSON?: () => unknown } })?.grid;
  const j = typeof g?.toJSON === 'function' ? g.toJSON() : undefined;
  return Array.isArray(j) ? (j as number[][]) : undefined;
}

async function finish<V>(run: Run<V>, ctx: SolverContext, failed: boolean, progress: Progress | null): Promise<SolverResult> {
  if (failed) throw new SolverFailedError(run.def.name, ctx.iteration, ctx.error ?? 'unknown');
  progress?.finish(ctx.stop ?? 'done');
  const name = run.def.result ?? 'x';
  const x = await run.output(run.h.get(name));
  await run.h.dispose(run.space instanceof LocalVectors ? [] : [name]);
  return { x, iterations: ctx.iteration, cost: [...ctx.cost], info: { ...ctx.scalars }, stop: ctx.stop ?? 'done', run: ctx.runId };
}
