/**
 * Message headers of the actor protocol on `lops.<cluster>.ctl.<actor>` (request/reply).
 *
 * A command: `{k, c, a, e?}` — idempotency key, command name, arguments, and the actor epoch the
 * sender expects. A reply: `{k, e, ok, r?, err?}` — the same key, the epoch of the answering
 * incarnation, and the result or the error (`name`, `message`, fields).
 */
export interface CommandHeader {
  /** Idempotency key: a duplicate is answered from the actor's cache and never applied twice. */
  k: string;
  /** Command name (see registry.ts). */
  c: string;
  /** Arguments (small values; bulk data travels as transfers). */
  a: unknown;
  /** Epoch the sender expects; a mismatch is refused. */
  e?: number;
  /** Sender id and its sequence number (1, 2, …) per actor and epoch: the actor admits in this order. */
  f?: string;
  s?: number;
}

export interface RemoteError {
  name: string;
  message: string;
}

export interface ReplyHeader {
  k?: string;
  e: number;
  ok: boolean;
  r?: unknown;
  err?: RemoteError;
}

/** Checks the shape of a decoded command header; returns the reason it is malformed, if any. */
export function malformedCommand(h: Partial<CommandHeader>): string | undefined {
  if (typeof h.k !== 'string' || h.k.length === 0) return 'missing idempotency key `k`';
  if (typeof h.c !== 'string') return 'missing command name `c`';
  if (h.e !== undefined && typeof h.e !== 'number') return '`e` must be a number';
  if (h.s !== undefined && (!Number.isSafeInteger(h.s) || h.s < 1 || typeof h.f !== 'string')) return '`s` must be a positive integer with a sender `f`';
  return undefined;
}

/** A fresh epoch for an actor incarnation: start time in ms times 1000 plus a random part. */
export function newEpoch(): number {
  return Date.now() * 1000 + Math.floor(Math.random() * 1000);
}
