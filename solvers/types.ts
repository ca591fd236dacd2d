/** Shared types of the solvers layer: machine context, events, phases, options and results. */
import type { LinearOperator } from '../operators/core/LinearOperator.ts';
import type { Handles } from './handles.ts';
import type { KeyedOps } from './vectors.ts';

/** Which side of the operator a vector lives on: `model` (length prod(dims)) or `data` (prod(dimsd)). */
export type Role = 'model' | 'data';

/** A complex scalar; real vector spaces return `im = 0`. */
export interface Complex {
  re: number;
  im: number;
}

/** A command the machine asks the driver to run, and the idempotency key every vector op of it carries. */
export interface Command {
  phase: string;
  /** `${runId}/${iteration}/${phase}`; vector ops append `#<seq>` (see KeyedOps). */
  key: string;
}

/** Parameters of a run (PyLops keyword names), plain values only so snapshots serialise. */
export type Params = Record<string, number | string | boolean>;

/**
 * Context of a solver machine: scalars and vector *names* only. The vectors themselves live in the
 * vector space (a local typed array, or blocks in partition actors); `vectors` maps each live handle's
 * name to its role, and the driver's handle table maps the name to the handle.
 */
export interface SolverContext {
  runId: string;
  solver: string;
  niter: number;
  iteration: number;
  params: Params;
  scalars: Record<string, number>;
  /** Cost history as PyLops returns it (e.g. `||y - Op x_k||` for cgls, with the initial entry). */
  cost: number[];
  vectors: Record<string, Role>;
  command: Command | null;
  /** Why the run stopped (`niter` or a solver rule such as `tol`), once it has. */
  stop: string | null;
  error: string | null;
}

/** What a phase reports back to the machine. */
export interface Patch {
  scalars?: Record<string, number>;
  /** Appended to the cost history. */
  cost?: number;
  /** Handle-table changes: name -> role (created) or null (freed). Filled by the driver. */
  vectors?: Record<string, Role | null>;
}

export type SolverEvent =
  | { type: 'DONE'; key: string; patch: Patch }
  | { type: 'CONTINUE' }
  | { type: 'FAIL'; error: string };

export interface SolverInput {
  runId: string;
  niter: number;
  params: Params;
  /** Handles the caller brought in (`y`, `x0`) by name. */
  vectors?: Record<string, Role>;
}

/** What a phase function may use: the operator, keyed vector ops, the handle table, the context. */
export interface PhaseEnv<V = unknown> {
  op: LinearOperator;
  ops: KeyedOps<V>;
  h: Handles<V>;
  ctx: Readonly<SolverContext>;
}
export type Phase = <V>(env: PhaseEnv<V>) => Promise<Patch | void>;

/**
 * A solver: its setup / step phases / finalize, and PyLops' stopping rule. The machine (machine.ts)
 * sequences the phases; the driver (driver.ts) runs them.
 */
export interface SolverDef {
  name: string;
  /** Step phases, run in this order once per iteration. */
  phases: readonly string[];
  setup: Phase;
  step: Readonly<Record<string, Phase>>;
  finalize?: Phase;
  /** PyLops' stopping rule besides niter: a reason string when the run must stop, else null. */
  converged(ctx: Readonly<SolverContext>): string | null;
  /** Name of the cost shown by the progress line (e.g. `r2norm`). */
  costLabel: string;
  /** The handle holding the result. @defaultValue 'x' */
  result?: string;
}

/** Per-iteration information given to `callback`. */
export interface IterationInfo {
  iteration: number;
  cost: number;
  scalars: Readonly<Record<string, number>>;
}

/** Where a progress line goes (process.stderr by default); `isTTY` selects the live \r line. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}
export interface ProgressOptions {
  /** @defaultValue process.stderr */
  stream?: ProgressStream;
  /** Print a plain line every `every` iterations when the stream is not a TTY. @defaultValue 10 */
  every?: number;
  /** Clock in ms (injectable for tests). @defaultValue performance.now */
  now?: () => number;
}

/** Checkpoints as files in one directory (one machine). */
export interface DirCheckpointOptions {
  /** Directory of the checkpoint files (created if missing). */
  dir: string;
  /** Write a checkpoint every `every` iterations. @defaultValue 10 */
  every?: number;
}

/**
 * Checkpoints as blobs `<run>/iter-<k>` in a JetStream bucket, so a driver on another host can resume
 * the run (`resume({ servers, bucket, run })`). Auth options as NatsTransport's (token, user/pass,
 * creds, nkeySeed, tls).
 */
export interface JetStreamCheckpointOptions extends Omit<import('../runtime/transport/natsOptions.ts').NatsTransportOptions, 'onHandlerError'> {
  store: 'jetstream';
  /** Bucket name (letters, digits, `_`, `-`); its stream is created if missing. */
  bucket: string;
  /** Write a checkpoint every `every` iterations. @defaultValue 10 */
  every?: number;
  /** Checkpoints of this run kept (older ones deleted after each write). @defaultValue 2 */
  keep?: number;
  /** Run id (letters, digits, `_`, `-`, `.`). @defaultValue the run's `runId` (a random UUID) */
  run?: string;
}

export type CheckpointOptions = DirCheckpointOptions | JetStreamCheckpointOptions;

/** Options every solver takes besides its PyLops keywords. */
export interface RunOptions<X = unknown> {
  /** Called after every iteration with the current model (do not mutate it) and scalars. */
  callback?: (x: X, info: IterationInfo) => unknown;
  /** A live progress line (true: on stderr). */
  show?: boolean | ProgressOptions;
  checkpoint?: CheckpointOptions;
  /** Aborts the run at the next iteration boundary (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Vector space to run in (default: LocalVectors for typed arrays). */
  space?: import('./vectors.ts').VectorSpace<unknown>;
  /** Run id used in idempotency keys. @defaultValue a random UUID */
  runId?: string;
}

/** What every solver resolves to. `x` is the same kind as `y` (Float64Array in, Float64Array out). */
export interface SolverResult<X = unknown> {
  x: X;
  /** Iterations run (PyLops' `iiter`). */
  iterations: number;
  cost: number[];
  /** Final scalars of the run (istop, r1norm, r2norm, maxeig, ... depending on the solver). */
  info: Record<string, number>;
  /** Why the run stopped: `niter` or the solver's rule (`tol`, `istop=1`, ...). */
  stop: string;
  /** The run id (idempotency keys, JetStream checkpoint names): what `resume({ servers, bucket, run })` takes. */
  run?: string;
}
