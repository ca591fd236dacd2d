/** Barrel of runtime/ (public names only; runtime/testing is for tests and stays out). */
export * from './transport/index.ts';
export * from './framing/index.ts';
export { createLogger, actorLogger, REDACT_PATHS, REDACTED, type Logger, type LogLevel, type LoggerOptions, type ActorLogContext } from './log.ts';
export * from './npy.ts';
export * from './checkpoint/index.ts';
