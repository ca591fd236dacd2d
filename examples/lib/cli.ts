/** Command-line plumbing shared by the example scripts: argument parsing and "run when executed". */
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Options every example accepts. */
export interface ExampleOptions {
  /** Folder the figures are written to. @defaultValue 'out' */
  out: string;
  /** Where progress lines go. @defaultValue console.log */
  log?: (line: string) => void;
}

/** Thrown for bad command-line arguments; the runner prints its message without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Parses `--out DIR` plus the example's own string options (`--n 64`); unknown options are a UsageError.
 * Numeric options are returned as numbers after checking they are positive integers.
 */
export function parseExampleArgs<K extends string = never>(argv: string[], numeric: Record<K, number> = {} as Record<K, number>): { out: string } & Record<K, number> {
  const options: Record<string, { type: 'string' }> = { out: { type: 'string' } };
  for (const k of Object.keys(numeric)) options[k] = { type: 'string' };
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const result: Record<string, unknown> = { out: values.out ?? 'out' };
  for (const [k, fallback] of Object.entries<number>(numeric)) {
    const raw = values[k];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`invalid argument. --${k} must be a positive integer. Value: \`${raw}\``);
    result[k] = n;
  }
  return result as { out: string } & Record<K, number>;
}

/** True when the module with URL `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/**
 * Runs `main(argv)` if the calling module is the entry script; a failure prints one line and sets exit
 * code 2 for usage errors, 1 otherwise.
 */
export function runIfMain(url: string, main: (argv: string[]) => Promise<unknown>): void {
  if (!isMain(url)) return;
  main(process.argv.slice(2)).catch((e: unknown) => {
    const name = basename(fileURLToPath(url));
    console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  });
}
