/** Errors of the command-line interface. */
import { ActorlopsError } from '../operators/core/errors.ts';

/** A bad command-line value: names the option, what it must be and what was received. */
export class CliError extends ActorlopsError {
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`invalid argument. ${option} must be ${expected}. Value: \`${received}\``);
  }
}

/** A subcommand whose implementation is not part of this build. */
export class NotBuiltError extends ActorlopsError {
  constructor(
    readonly feature: string,
    readonly missing: string,
  ) {
    super(`${feature} support is not built yet (${missing} is missing)`);
  }
}

/** One line for any error: its message followed by its causes' messages, no stack. */
export function oneLine(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const msg = c instanceof Error ? c.message || c.name : String(c);
    if (!parts.includes(msg)) parts.push(msg);
  }
  return parts.join(': ').replace(/\s*\n\s*/g, ' ');
}
