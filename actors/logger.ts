/**
 * The actor layer's loggers: one pino child per actor with `{cluster, actor, epoch}`, on runtime/log.ts
 * (silent unless ACTORLOPS_LOG_LEVEL sets a level; credentials redacted). Lines go to stderr.
 * Per-message lines at trace, never whole arrays.
 */
import { pino } from 'pino';
import { type Logger, createLogger } from '../runtime/log.ts';

export type { Logger };

let root: Logger | undefined;

/** A child logger carrying `bindings` on every line. */
export function childLogger(bindings: Record<string, string | number>): Logger {
  root ??= createLogger({ destination: pino.destination(2) });
  return root.child(bindings);
}
