/**
 * Checkpoint files of a solver run. A checkpoint is one msgpack file (Packr with `moreTypes`, so typed
 * arrays round-trip; JSON would turn them into objects) holding the machine's persisted snapshot, the
 * run's vectors as local arrays and what is needed to rebuild the run; plus `manifest.json`, which
 * names the current checkpoint file with its size and SHA-256.
 *
 * Writes are atomic: temp file in the same directory, fsync, rename; the manifest is written the same
 * way and last, then the directory is fsynced. A crash at any point leaves the manifest naming a
 * complete earlier checkpoint (or no manifest); a file that does not match its manifest is rejected
 * with a CheckpointError, never loaded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import type { FloatArray } from '../operators/core/dtype.ts';
import { ActorlopsError } from '../operators/core/errors.ts';
import type { Spec } from '../operators/core/LinearOperator.ts';
import type { LocalLayout } from './LocalVectors.ts';
import type { Role } from './types.ts';

export const CHECKPOINT_FORMAT = 'actorlops-solver-checkpoint';
export const CHECKPOINT_VERSION = 1;
const MANIFEST = 'manifest.json';
const packr = new Packr({ moreTypes: true });

/**
 * A checkpoint is missing, incomplete, corrupted or of an unknown format. `dir` names where it was
 * looked for: a directory, or `JetStream bucket <B>, run <R>` (see checkpointJetStream.ts).
 */
export class CheckpointError extends ActorlopsError {
  constructor(
    readonly dir: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid checkpoint in ${dir}: ${reason}`, options);
  }
}

export interface CheckpointData {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  solver: string;
  iteration: number;
  /** xstate `getPersistedSnapshot()` of the solver machine. */
  snapshot: { value: unknown; context: { vectors: Record<string, Role> } & Record<string, unknown>; status: string } & Record<string, unknown>;
  /** Every live vector of the run, as a local flat array. */
  vectors: Record<string, { role: Role; data: FloatArray }>;
  /** The operator's spec when it has one (resume rebuilds it with fromSpec unless given `op`). */
  op: Spec | null;
  /** Layout of the local space the run used (null for another space: resume then needs `space`). */
  layout: LocalLayout | null;
  /** Checkpoint period, kept by the resumed run. */
  every: number;
  /**
   * Chunk grids of a distributed run's sides (blocks per axis), when its vectors were blocked; a resume
   * in a cluster scatters the vectors back on these grids. Absent for local runs.
   */
  grids?: { model?: number[][]; data?: number[][] };
}

interface Manifest {
  format: string;
  version: number;
  file: string;
  bytes: number;
  sha256: string;
  solver: string;
  iteration: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Writes `bytes` to `path` atomically (temp file in the same directory, fsync, rename). */
async function writeAtomic(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, name));
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    /* some filesystems refuse fsync on directories */
  } finally {
    await fh.close();
  }
}

/** The bytes of a checkpoint (msgpack with `moreTypes`): what every store writes. */
export function encodeCheckpoint(data: CheckpointData): Uint8Array {
  return packr.pack(data);
}

/**
 * The checkpoint in `bytes` (already checked against the store's checksum), validated: format,
 * version, an active machine snapshot and every vector it names. Throws CheckpointError naming `where`.
 */
export function decodeCheckpoint(bytes: Uint8Array, where: string): CheckpointData {
  const fail = (reason: string, cause?: unknown): never => {
    throw new CheckpointError(where, reason, cause === undefined ? undefined : { cause });
  };
  let data: CheckpointData;
  try {
    data = packr.unpack(bytes);
  } catch (e) {
    return fail('not valid msgpack', e);
  }
  validate(data, fail);
  return data;
}

/** Writes a checkpoint and points the manifest at it; older checkpoint files are removed after. */
export async function writeCheckpoint(dir: string, data: CheckpointData): Promise<string> {
  await mkdir(dir, { recursive: true });
  const bytes = encodeCheckpoint(data);
  const file = `checkpoint-${String(data.iteration).padStart(8, '0')}.msgpack`;
  await writeAtomic(dir, file, bytes);
  const manifest: Manifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    file,
    bytes: bytes.length,
    sha256: sha256(bytes),
    solver: data.solver,
    iteration: data.iteration,
  };
  await writeAtomic(dir, MANIFEST, new TextEncoder().encode(JSON.stringify(manifest, null, 1)));
  await syncDir(dir);
  for (const f of await readdir(dir)) {
    if (f !== file && /^checkpoint-\d+\.msgpack$/.test(f)) await unlink(join(dir, f)).catch(() => undefined);
  }
  return join(dir, file);
}

/** Reads and verifies the checkpoint the manifest names; throws CheckpointError when anything is off. */
export async function readCheckpoint(dir: string): Promise<CheckpointData> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new CheckpointError(dir, reason, cause === undefined ? undefined : { cause });
  };
  const mtext = await readFile(join(dir, MANIFEST), 'utf8').catch((e) => fail(`no readable ${MANIFEST}`, e));
  let m: Manifest;
  try {
    m = JSON.parse(mtext);
  } catch (e) {
    return fail(`${MANIFEST} is not valid JSON`, e);
  }
  if (m?.format !== CHECKPOINT_FORMAT || m.version !== CHECKPOINT_VERSION) fail(`${MANIFEST} has format ${m?.format} v${m?.version}`);
  if (typeof m.file !== 'string' || m.file.includes('/') || m.file.includes('\\')) fail(`${MANIFEST} names an invalid file`);
  const bytes = await readFile(join(dir, m.file)).catch((e) => fail(`checkpoint file ${m.file} is missing`, e));
  if (bytes.length !== m.bytes) fail(`${m.file} has ${bytes.length} bytes, the manifest says ${m.bytes}`);
  if (sha256(bytes) !== m.sha256) fail(`${m.file} does not match its SHA-256 in the manifest`);
  return decodeCheckpoint(bytes, dir);
}

function validate(d: CheckpointData, fail: (reason: string) => never): void {
  if (!d || typeof d !== 'object' || d.format !== CHECKPOINT_FORMAT || d.version !== CHECKPOINT_VERSION) fail('unknown checkpoint format');
  const ctx = d.snapshot?.context;
  if (!ctx || typeof ctx.vectors !== 'object' || d.snapshot.status !== 'active') fail('the snapshot is not an active solver machine');
  for (const [name, role] of Object.entries(ctx.vectors)) {
    const v = d.vectors?.[name];
    if (!v || v.role !== role || !(v.data instanceof Float64Array || v.data instanceof Float32Array)) fail(`vector ${name} is missing or malformed`);
  }
}
