/**
 * Starting and resuming solver runs: brings `y` and `x0` into a vector space, creates the solver's
 * machine actor (fresh, or from a checkpoint's persisted snapshot) and hands it to the driver.
 */
import { randomUUID } from 'node:crypto';
import { createActor } from 'xstate';
import { type FloatArray, isFloatArray } from '../operators/core/dtype.ts';
import { DTypeError, InvalidParameterError } from '../operators/core/errors.ts';
import { DISTRIBUTED, type DistributedLike, LinearOperator } from '../operators/core/LinearOperator.ts';
import { fromSpec } from '../operators/core/spec.ts';
import { CheckpointError, readCheckpoint } from './checkpoint.ts';
import { drive, type Run } from './driver.ts';
import { Handles } from './handles.ts';
import { LocalVectors } from './LocalVectors.ts';
import { type SolverMachine } from './machine.ts';
import type { Params, RunOptions, SolverDef, SolverResult } from './types.ts';
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
  const runId = options.runId ?? randomUUID();
  const h = new Handles(space);
  if (y !== undefined) await adopt(space, h, 'y', y, 'data', `${runId}/0/input#0`);
  if (x0 !== undefined && x0 !== null) await adopt(space, h, 'x0', x0, 'model', `${runId}/0/input#1`);
  h.takeChanges();
  const actor = createActor(machine, { input: { runId, niter, params, vectors: h.roles() } });
  actor.start();
  return drive({ def, op, space, h, actor, options, output: outputFor(space) } as Run<unknown>);
}

/** Options of `resume`. */
export interface ResumeOptions extends RunOptions<never> {
  /** The operator (required when it has no spec; otherwise rebuilt with fromSpec). */
  op?: LinearOperator;
}

/**
 * Continues a run from the checkpoint in `dir` (see checkpoint.ts) and resolves to the result the
 * uninterrupted run gives. The run keeps its run id, so commands re-issued after the crash carry the
 * same idempotency keys. Keeps checkpointing into `dir` unless `checkpoint` says otherwise.
 *
 * @example
 * const res = await resume('/tmp/run1', { op: A });
 */
export async function resume(dir: string, options: ResumeOptions = {}): Promise<SolverResult> {
  const data = await readCheckpoint(dir);
  const entry = registry.get(data.solver);
  if (!entry) throw new CheckpointError(dir, `unknown solver ${data.solver}`);
  const op = options.op ?? (data.op ? fromSpec(data.op) : undefined);
  if (!op) throw new InvalidParameterError('resume', 'op', undefined, 'given: the checkpointed operator has no spec');
  if (!options.space && !data.layout) throw new InvalidParameterError('resume', 'space', undefined, 'given: the run did not use local vectors');
  const space = options.space ?? (new LocalVectors(data.layout!) as VectorSpace<unknown>);
  const h = new Handles(space);
  const ctx = data.snapshot.context as unknown as { runId: string; iteration: number; vectors: Record<string, 'model' | 'data'> };
  let seq = 0;
  for (const [name, role] of Object.entries(ctx.vectors)) {
    h.set(name, await space.fromLocal(data.vectors[name].data, role, `${ctx.runId}/${ctx.iteration}/resume#${seq++}`), role);
  }
  h.takeChanges();
  const actor = createActor(entry.machine, { snapshot: data.snapshot, input: undefined } as never);
  actor.start();
  const checkpoint = options.checkpoint ?? { dir, every: data.every };
  return drive({ def: entry.def, op, space, h, actor, options: { ...options, checkpoint }, output: outputFor(space) } as Run<unknown>);
}
