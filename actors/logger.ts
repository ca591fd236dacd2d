/**
 * The actor layer's loggers: one pino child per actor with `{cluster, actor, epoch}`. Per-message lines
 * at trace, never whole arrays. TEMPORARY root logger until runtime/log.ts lands.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

let root: Logger | undefined;

function rootLogger(): Logger {
  root ??= pino({ level: process.env.ACTORLOPS_LOG ?? 'warn', base: undefined }, pino.destination(2));
  return root;
}

/** A child logger carrying `bindings` on every line. */
export function childLogger(bindings: Record<string, string | number>): Logger {
  return rootLogger().child(bindings);
}
