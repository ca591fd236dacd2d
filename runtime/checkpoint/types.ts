/**
 * Checkpoint stores: named blobs (a solver snapshot, an actor's blocks), written whole and read whole,
 * checksummed, the last `k` kept. One interface for JetStream (multi-host) and any other backend.
 */
import { ActorlopsError } from '../../operators/core/errors.ts';

/** What a store knows about one checkpoint. */
export interface CheckpointInfo {
  name: string;
  /** Bytes of the blob. */
  size: number;
  chunks: number;
  /** SHA-256 of the whole blob, hex. */
  sha256: string;
  /** Write order within the store (larger is newer). */
  seq: number;
  /** ISO time of the write. */
  time: string;
}

export interface CheckpointStore {
  /** Writes `bytes` under `name` (replacing an older blob of that name). */
  put(name: string, bytes: Uint8Array): Promise<CheckpointInfo>;
  /** The blob of `name`, checked against its checksum. */
  get(name: string): Promise<Uint8Array>;
  /** Every checkpoint, oldest first. */
  list(): Promise<CheckpointInfo[]>;
  /** Deletes all but the newest `k`; resolves with the names deleted. */
  prune(k: number): Promise<string[]>;
}

/** No checkpoint of that name in the store. */
export class CheckpointNotFoundError extends ActorlopsError {
  constructor(readonly bucket: string, readonly checkpoint: string) {
    super(`no checkpoint \`${checkpoint}\` in bucket ${bucket}`);
  }
}

/** A checkpoint's bytes do not match what its metadata says (size, chunk count, SHA-256). */
export class CheckpointCorruptError extends ActorlopsError {
  constructor(readonly bucket: string, readonly checkpoint: string, readonly reason: string) {
    super(`checkpoint \`${checkpoint}\` in bucket ${bucket} is damaged: ${reason}`);
  }
}

/** The JetStream API refused a request (or is not enabled on the server); `code` is its err_code. */
export class JetStreamApiError extends ActorlopsError {
  constructor(readonly api: string, readonly code: number | undefined, readonly description: string, options?: { cause?: unknown }) {
    super(`JetStream ${api} failed${code !== undefined ? ` (err_code ${code})` : ''}: ${description}`, options);
  }
}
