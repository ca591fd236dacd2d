/** Typed errors of the actor layer. Each carries the offending values as fields; check with `instanceof`. */
import { ActorlopsError } from '../operators/core/errors.ts';

/** A command failed inside a partition actor; `remote` is the error's name there. */
export class ActorCommandError extends ActorlopsError {
  constructor(
    readonly actor: string,
    readonly command: string,
    readonly remote: string,
    detail: string,
  ) {
    super(`actor ${actor} failed command \`${command}\`: ${remote}: ${detail}`);
  }
}

/** A message that does not follow the protocol (undecodable, missing fields, unknown command). */
export class ProtocolError extends ActorlopsError {
  constructor(
    readonly subject: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`malformed message on ${subject}: ${reason}`, options);
  }
}

/** A command named an array (or block) the actor does not hold. */
export class UnknownArrayError extends ActorlopsError {
  constructor(
    readonly actor: string,
    readonly array: string,
    readonly block?: number,
  ) {
    super(`actor ${actor} holds no ${block === undefined ? 'array' : `block ${block} of array`} ${array}`);
  }
}

/** An actor answered with another epoch than the one the driver knows: it restarted and lost its state. */
export class ActorRestartedError extends ActorlopsError {
  constructor(
    readonly actor: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super(`actor ${actor} restarted: expected epoch ${expected}; received ${received}`);
  }
}

/** Bulk data announced by a command did not arrive in time. */
export class TransferTimeoutError extends ActorlopsError {
  constructor(
    readonly transfer: string,
    readonly timeout: number,
  ) {
    super(`transfer ${transfer} did not complete within ${timeout} ms`);
  }
}

/** Two distributed arrays combined elementwise have different shapes, grids or clusters. */
export class ChunkGridMismatchError extends ActorlopsError {
  constructor(
    readonly operation: string,
    readonly expected: readonly (readonly number[])[],
    readonly received: readonly (readonly number[])[],
  ) {
    super(`invalid argument. ${operation} expects chunks ${JSON.stringify(expected)}; received ${JSON.stringify(received)} (rechunk first)`);
  }
}

/** The array was freed (or its cluster closed) and can no longer be used. */
export class ArrayFreedError extends ActorlopsError {
  constructor(readonly array: string) {
    super(`distributed array ${array} was freed`);
  }
}
