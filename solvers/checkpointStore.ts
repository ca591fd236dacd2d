/**
 * Where a solver run's checkpoints live. One small interface, two implementations:
 * - `DirectoryCheckpoints`: files in one directory (checkpoint.ts: manifest with SHA-256, atomic
 *   rename), for one machine;
 * - `JetStreamCheckpoints` (checkpointJetStream.ts): blobs `<run>/iter-<k>` in a JetStream bucket, the
 *   newest `keep` kept, so a driver on another host can resume.
 * Both write `encodeCheckpoint(data)` and read back through `decodeCheckpoint` (checkpoint.ts): the
 * encoding and its validation exist once; a store adds only its own transport and checksum.
 *
 * @example
 * const store = await openCheckpointStore({ store: 'jetstream', servers: 'nats://10.0.0.1:4222', bucket: 'ckpt' }, runId);
 * await store.save(data); // `<runId>/iter-<k>`
 * const back = await store.load(); // newest valid one
 */
import { InvalidParameterError } from '../operators/core/errors.ts';
import { type CheckpointData, CheckpointError, readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import type { CheckpointOptions, JetStreamCheckpointOptions } from './types.ts';

export interface SolverCheckpointStore {
  /** Where the checkpoints go, for messages (`/tmp/run1`, `JetStream bucket B, run R`). */
  readonly location: string;
  /** Writes one checkpoint; resolves to its name in the store. */
  save(data: CheckpointData): Promise<string>;
  /** The newest valid checkpoint; throws CheckpointError when there is none. */
  load(): Promise<CheckpointData>;
  /** Releases the store's connection, if it has one. */
  close(): Promise<void>;
}

/** Where `resume` finds a run: a checkpoint directory, or a run in a JetStream bucket. */
export type CheckpointSource = string | JetStreamRunRef;

/** A run's checkpoints in JetStream (auth options as NatsTransport's). */
export type JetStreamRunRef = Omit<JetStreamCheckpointOptions, 'store' | 'every' | 'run'> & { run: string };

/** Reports a damaged checkpoint skipped by `load` (default: `process.emitWarning`). */
export type CheckpointWarn = (message: string) => void;

/** The run has no checkpoint at all in the store (nothing to resume). */
export class CheckpointRunNotFoundError extends CheckpointError {
  constructor(
    where: string,
    readonly run: string,
  ) {
    super(where, `no checkpoint of run ${run}`);
  }
}

/** The checkpoint files of one directory (see checkpoint.ts); `load` reads the one its manifest names. */
export class DirectoryCheckpoints implements SolverCheckpointStore {
  constructor(readonly location: string) {}
  save(data: CheckpointData): Promise<string> {
    return writeCheckpoint(this.location, data);
  }
  load(): Promise<CheckpointData> {
    return readCheckpoint(this.location);
  }
  async close(): Promise<void> {}
}

const RUN = /^[A-Za-z0-9_.-]+$/;

/** Checks a run id (it becomes part of blob names and CLI arguments). */
export function checkRunId(run: unknown, where = 'checkpoint'): string {
  if (typeof run !== 'string' || !RUN.test(run)) throw new InvalidParameterError(where, 'run', run, 'a non-empty id of letters, digits, `_`, `-` or `.`');
  return run;
}

const isJetStream = (o: unknown): o is JetStreamCheckpointOptions => (o as { store?: unknown })?.store === 'jetstream';

/** The checkpoint period of an option, checked. @defaultValue 10 */
export function checkpointEvery(o: CheckpointOptions): number {
  const every = o.every ?? 10;
  if (!Number.isInteger(every) || every < 1) throw new InvalidParameterError('checkpoint', 'every', every, 'a positive integer');
  return every;
}

/** Opens the store a solver's `checkpoint` option names, for run `runId` (JetStream connects now). */
export async function openCheckpointStore(o: CheckpointOptions, runId: string): Promise<SolverCheckpointStore> {
  checkpointEvery(o);
  if (isJetStream(o)) {
    const { JetStreamCheckpoints } = await import('./checkpointJetStream.ts');
    return JetStreamCheckpoints.connect(o, checkRunId(o.run ?? runId));
  }
  if (typeof (o as { dir?: unknown })?.dir !== 'string') throw new InvalidParameterError('checkpoint', 'checkpoint', JSON.stringify(o), "{ dir, every } or { store: 'jetstream', servers, bucket, every }");
  return new DirectoryCheckpoints(o.dir);
}

/** Opens the store `resume` reads from. */
export async function openResumeStore(source: CheckpointSource, warn?: CheckpointWarn): Promise<SolverCheckpointStore> {
  if (typeof source === 'string') return new DirectoryCheckpoints(source);
  if (!source || typeof source !== 'object' || source.servers === undefined || source.bucket === undefined) {
    throw new InvalidParameterError('resume', 'source', typeof source, 'a checkpoint directory or { servers, bucket, run }');
  }
  const { JetStreamCheckpoints } = await import('./checkpointJetStream.ts');
  return JetStreamCheckpoints.connect({ ...source, store: 'jetstream' }, checkRunId(source.run, 'resume'), warn);
}
