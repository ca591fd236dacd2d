/**
 * Typed errors of the framing codec and a counter of them. A received frame that fails to decode is
 * rejected with one of these (never a crash) and counted, so an actor can expose the counts.
 */
import { ActorlopsError } from '../../operators/core/errors.ts';

/** What was wrong with a frame or a transfer. */
export type FrameErrorKind = 'truncated' | 'magic' | 'header' | 'oversize' | 'length' | 'chunk' | 'incomplete';

/** Base class: `kind` says what was wrong, `byteLength` is the size of the offending buffer. */
export class FrameError extends ActorlopsError {
  constructor(
    readonly kind: FrameErrorKind,
    readonly byteLength: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid frame (${kind}, ${byteLength} bytes): ${detail}`, options);
  }
}

/** The buffer ends before the fixed prefix, the header or the raw part it announces. */
export class FrameTruncatedError extends FrameError {
  constructor(byteLength: number, detail: string) {
    super('truncated', byteLength, detail);
  }
}

/** The buffer does not start with the frame magic and a known version. */
export class FrameMagicError extends FrameError {
  constructor(byteLength: number, detail: string) {
    super('magic', byteLength, detail);
  }
}

/** The msgpack header does not unpack, or its fields are missing, mistyped or inconsistent. */
export class FrameHeaderError extends FrameError {
  constructor(byteLength: number, detail: string, options?: { cause?: unknown }) {
    super('header', byteLength, detail, options);
  }
}

/** The frame (or its header) is larger than the decoder accepts. */
export class FrameOversizeError extends FrameError {
  constructor(byteLength: number, readonly limit: number, what = 'frame') {
    super('oversize', byteLength, `${what} exceeds the limit of ${limit} bytes`);
  }
}

/** Bytes follow the raw part the header announces. */
export class FrameLengthError extends FrameError {
  constructor(byteLength: number, detail: string) {
    super('length', byteLength, detail);
  }
}

/** A chunk contradicts its transfer (count, total, offset or dtype differ, or it overflows). */
export class ChunkError extends FrameError {
  constructor(readonly transferId: string, detail: string) {
    super('chunk', 0, `transfer ${transferId}: ${detail}`);
  }
}

/** A transfer did not receive all of its chunks in time. */
export class TransferIncompleteError extends FrameError {
  constructor(readonly transferId: string, readonly received: number, readonly count: number, readonly timeout: number) {
    super('incomplete', 0, `transfer ${transferId} got ${received} of ${count} chunks in ${timeout} ms`);
  }
}

/** Counts of rejected frames by kind, plus ignored duplicate chunks. */
export class FrameErrorCounter {
  total = 0;
  duplicates = 0;
  readonly byKind: Record<FrameErrorKind, number> = {
    truncated: 0,
    magic: 0,
    header: 0,
    oversize: 0,
    length: 0,
    chunk: 0,
    incomplete: 0,
  };

  record(error: FrameError): void {
    this.total++;
    this.byKind[error.kind]++;
  }
}
