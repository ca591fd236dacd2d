/**
 * Starting and resuming solver runs: brings `y` and `x0` into a vector space, creates the solver's
 * machine actor (fresh, or from a checkpoint's persisted snapshot) and hands it to the driver.
 */
import { randomUUID } from 'node:crypto';
import { type Actor, createActor } from 'xstate';
import { type FloatArray, isFloatArray } from '../operators/core/dtype.ts';
import { DTypeError, InvalidParameterError } from '../operators/core/errors.ts';
import { DISTRIBUTED, type DistributedLike, LinearOperator } from '../operators/core/LinearOperator.ts';
import { fromSpec } from '../operators/core/spec.ts';
import type { ClusterCore } from '../actors/ClusterCore.ts';
import { type CheckpointData, CheckpointError } from './checkpoint.ts';
import { type CheckpointSource, type CheckpointWarn, checkpointEvery, openCheckpointStore, openResumeStore, type SolverCheckpointStore } from './checkpointStore.ts';
import { drive, type Run } from './driver.ts';
import { Handles } from './handles.ts';
import { type LocalLayout, LocalVectors } from './LocalVectors.ts';
import { type SolverMachine } from './machine.ts';
import type { CheckpointOptions, Params, RunOptions, SolverDef, SolverResult } from './types.ts';
import type { VectorSpace } from './vectors.ts';

const registry = new Map<string, { def: SolverDef; machine: SolverMachine }>();

/** Registers a solver so `resume` can rebuild its machine from a checkpoint. */
export function registerSolver(def: SolverDef, machine: SolverMachine): void {
  registry.set(def.name, { def, machine });
}

let distributedSpace: ((y: DistributedLike, op: LinearOperator) => VectorSpace<unknown>) | undefined;
/**
 * Installs the space used for DistributedArray inputs when no `space` option is given (actors/ sets it).
 * The factory gets the data `y` and the operator (whose `dims` shape the model side).
 */
export function setDistributedSpace(factory: (y: DistributedLike, op: LinearOperator) => VectorSpace<unknown>): void {
  distributedSpace = factory;
}

/** A vector given by the caller: a local typed array or a handle of the run's space. */
export type VectorInput = FloatArray | DistributedLike | unknown;

function checkOperator(solver: string, op: unknown): LinearOperator {
  if (!(op instanceof LinearOperator)) throw new InvalidParameterError(solver, 'Op', op === null ? null : typeof op, 'a LinearOperator');
  return op;
}

function spaceFor(solver: string, op: LinearOperator, y: VectorInput, given?: VectorSpace<unknown>): VectorSpace<unknown> {
  if (given) return given;
  if (y === undefined || isFloatArray(y)) return LocalVectors.forOperator(op, y) as VectorSpace<unknown>;
  if (y && (y as DistributedLike)[DISTRIBUTED] && distributedSpace) return distributedSpace(y as DistributedLike, op);
  throw new DTypeError(solver, 'y as a Float64Array, Float32Array or DistributedArray', String((y as object)?.constructor?.name ?? typeof y));
}

/** A caller's vector as a handle of the space (typed arrays are copied in; handles are borrowed). */
async function adopt<V>(space: VectorSpace<V>, h: Handles<V>, name: string, v: VectorInput, role: 'model' | 'data', key: string): Promise<void> {
  if (isFloatArray(v)) h.set(name, await space.fromLocal(v, role, key), role);
  else h.borrow(name, v as V, role);
}

/** What the caller gets back: a local array in y's precision for local runs, else the handle. */
function outputFor<V>(space: VectorSpace<V>): (x: V) => Promise<unknown> {
  return space instanceof LocalVectors ? (x) => space.toLocal(x as FloatArray) : async (x) => x;
}

/**
 * Runs solver `def` on `Op x = y`. Used by the public functions (cg, cgls, ...).
 * `x0` absent means zeros (as PyLops); `params` are the solver's parsed keywords.
 */
export async function solve(
  def: SolverDef,
  machine: SolverMachine,
  Op: unknown,
  y: VectorInput,
  x0: VectorInput | undefined,
  niter: number,
  params: Params,
  options: RunOptions<never>,
): Promise<SolverResult> {
  const op = checkOperator(def.name, Op);
  const space = spaceFor(def.name, op, y, options.space);
  const runId = options.runId ?? (options.checkpoint as { run?: string } | undefined)?.run ?? randomUUID();
  const checkpoints = await openCheckpoints(options.checkpoint, runId);
  let actor: Actor<SolverMachine>;
  const h = new Handles(space);
  try {
    if (y !== undefined) await adopt(space, h, 'y', y, 'data', `${runId}/0/input#0`);
    if (x0 !== undefined && x0 !== null) await adopt(space, h, 'x0', x0, 'model', `${runId}/0/input#1`);
    h.takeChanges();
    actor = createActor(machine, { input: { runId, niter, params, vectors: h.roles() } });
    actor.start();
  } catch (e) {
    await checkpoints?.store.close().catch(() => undefined);
    throw e;
  }
  return driveAndClose({ def, op, space, h, actor, options, output: outputFor(space), checkpoints } as Run<unknown>);
}

/** The store and period of a `checkpoint` option (none without one). */
async function openCheckpoints(o: CheckpointOptions | undefined, runId: string): Promise<Run<unknown>['checkpoints']> {
  return o ? { store: await openCheckpointStore(o, runId), every: checkpointEvery(o) } : undefined;
}

/** Drives the run, then closes its checkpoint store's connection (if any). */
async function driveAndClose(run: Run<unknown>): Promise<SolverResult> {
  try {
    return await drive(run);
  } finally {
    await run.checkpoints?.store.close().catch(() => undefined);
  }
}

/** Options of `resume`. */
export interface ResumeOptions extends RunOptions<never> {
  /** The operator (required when it has no spec; otherwise rebuilt with fromSpec). */
  op?: LinearOperator;
  /**
   * Continue in this cluster: the vectors are scattered back on the checkpoint's chunk grids and the
   * result is a DistributedArray. Without it (and without `space`) the run continues locally.
   */
  cluster?: ClusterCore;
  /** Reports a damaged checkpoint skipped for an older one. @defaultValue process.emitWarning */
  warn?: CheckpointWarn;
}

/**
 * Continues a run from its newest checkpoint and resolves to the result the uninterrupted run gives.
 * `source` is the checkpoint directory, or `{ servers, bucket, run, ...auth }` for a run checkpointed
 * in JetStream (any host that reaches the servers may resume it). The run keeps its run id, so
 * commands re-issued after the crash carry the same idempotency keys. Keeps checkpointing to the same
 * place with the same period unless `checkpoint` says otherwise.
 *
 * @example
 * const res = await resume('/tmp/run1', { op: A });
 * const res2 = await resume({ servers: 'nats://10.0.0.1:4222', bucket: 'ckpt', run: 'run42' }, { cluster });
 */
export async function resume(source: CheckpointSource, options: ResumeOptions = {}): Promise<SolverResult> {
  const store = await openResumeStore(source, options.warn);
  let checkpoints: Run<unknown>['checkpoints'];
  try {
    const data = await store.load();
    const entry = registry.get(data.solver);
    if (!entry) throw new CheckpointError(store.location, `unknown solver ${data.solver}`);
    const op = options.op ?? (data.op ? fromSpec(data.op) : undefined);
    if (!op) throw new InvalidParameterError('resume', 'op', undefined, 'given: the checkpointed operator has no spec');
    const space = options.space ?? (await resumeSpace(data, op, options.cluster));
    const h = new Handles(space);
    const ctx = data.snapshot.context as unknown as { runId: string; iteration: number; vectors: Record<string, 'model' | 'data'> };
    let seq = 0;
    for (const [name, role] of Object.entries(ctx.vectors)) {
      h.set(name, await space.fromLocal(data.vectors[name].data, role, `${ctx.runId}/${ctx.iteration}/resume#${seq++}`), role);
    }
    h.takeChanges();
    const actor = createActor(entry.machine, { snapshot: data.snapshot, input: undefined } as never);
    actor.start();
    checkpoints = options.checkpoint ? await openCheckpoints(options.checkpoint, ctx.runId) : { store, every: data.every };
    return await driveAndClose({ def: entry.def, op, space, h, actor, options, output: outputFor(space), checkpoints } as Run<unknown>);
  } finally {
    if (checkpoints?.store !== store) await store.close().catch(() => undefined);
  }
}

/** The space a resumed run continues in: the cluster's on the checkpoint's grids, else local. */
async function resumeSpace(data: CheckpointData, op: LinearOperator, cluster?: ClusterCore): Promise<VectorSpace<unknown>> {
  if (cluster) {
    const { DistributedVectors } = await import('../actors/vectors/index.ts');
    const single = Object.values(data.vectors).some((v) => v.data instanceof Float32Array);
    return DistributedVectors.forOperator(cluster, op, { chunks: data.grids, precision: single ? 'float32' : 'float64' }) as VectorSpace<unknown>;
  }
  return new LocalVectors(data.layout ?? layoutOf(data, op)) as VectorSpace<unknown>;
}

/** The local layout of a checkpoint taken in another space: sizes from the operator, complexity and precision from the vectors. */
function layoutOf(data: CheckpointData, op: LinearOperator): LocalLayout {
  const [nData, nModel] = op.shape;
  const vs = Object.values(data.vectors);
  const complex = (role: 'model' | 'data', n: number) => vs.some((v) => v.role === role && v.data.length === 2 * n);
  const precision = vs.some((v) => v.data instanceof Float32Array) ? 'float32' : 'float64';
  return { model: nModel, data: nData, modelComplex: complex('model', nModel) || op.modelComplex, dataComplex: complex('data', nData) || op.dataComplex, precision };
}
