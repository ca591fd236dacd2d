/**
 * Logging (pino). Quiet by default: level `silent` unless `options.level` or `$ACTORLOPS_LOG_LEVEL`
 * says otherwise. One child logger per actor carries `{cluster, actor, epoch}`. Conventions: one line
 * per solver iteration at `debug`, one per message at `trace`, never a whole array in a line (≈117 µs
 * for 1024 numbers against ≈3 µs for a plain line).
 *
 * Credentials are redacted wherever they appear as fields up to two levels deep (`token`, `pass`,
 * `password`, `nkey`, `nkeySeed`, `seed`, `creds`, `jwt`, `authorization`), and `user:pass@` in URLs
 * of top-level string fields (e.g. `servers`) becomes `[redacted]@`.
 *
 * @example
 * const log = createLogger({ level: 'debug' });
 * const alog = actorLogger(log, { cluster: 'c1', actor: 3, epoch: 0 });
 * alog.debug({ iter: 4, cost: 1e-3 }, 'cgls step');
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type { Logger };
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  /** @defaultValue `$ACTORLOPS_LOG_LEVEL`, else 'silent' */
  level?: LogLevel;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
  /** `name` field of every line. @defaultValue 'actorlops' */
  name?: string;
}

/** Identity of an actor in its log lines. */
export interface ActorLogContext {
  cluster: string;
  actor: string | number;
  epoch: number;
}

export const REDACTED = '[redacted]';
const SECRET_KEYS = ['token', 'pass', 'password', 'nkey', 'nkeySeed', 'seed', 'creds', 'jwt', 'authorization'];
/** Paths handed to pino's redaction: each secret key at depth 1, 2 and 3. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const URL_USERINFO = /(\w+:\/\/)[^/@\s]+@/g;

function scrubUrl(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('@') ? v.replace(URL_USERINFO, `$1${REDACTED}@`) : v;
  if (Array.isArray(v) && v.some((x) => typeof x === 'string' && x.includes('@'))) return v.map(scrubUrl);
  return v;
}

/** Removes `user:pass@` from URLs in the top-level fields of a log line. */
function scrubFields(obj: Record<string, unknown>): Record<string, unknown> {
  let out = obj;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const s = scrubUrl(v);
    if (s !== v) {
      if (out === obj) out = { ...obj };
      out[key] = s;
    }
  }
  return out;
}

function resolveLevel(level: LogLevel | undefined): LogLevel {
  const chosen = level ?? process.env.ACTORLOPS_LOG_LEVEL ?? 'silent';
  return (LEVELS.includes(chosen) ? chosen : 'silent') as LogLevel;
}

/** The root logger of a process (driver or worker). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const opts = {
    name: options.name ?? 'actorlops',
    level: resolveLevel(options.level),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: { log: scrubFields },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A child logger whose every line carries the actor's cluster, id and epoch. */
export function actorLogger(base: Logger, ctx: ActorLogContext): Logger {
  return base.child({ cluster: ctx.cluster, actor: ctx.actor, epoch: ctx.epoch });
}
