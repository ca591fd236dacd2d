/**
 * The `actorlops` command: `demo`, `bench`, `worker` and `resume`.
 *
 * Every failure (bad arguments, an unreachable server, a missing feature) prints one line on stderr and
 * exits with code 2; `ACTORLOPS_DEBUG=1` adds the stack trace.
 *
 * @example
 * actorlops demo derivatives --out figs
 * actorlops worker --servers nats://10.0.0.1:4222 --cluster prod --name w3
 * actorlops resume --servers nats://10.0.0.1:4222 --bucket ckpt --run run42 --workers 2 --out x.npy
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Argument, Command, CommanderError, Option } from 'commander';
import { oneLine } from './errors.ts';
import { type ResumeFlags, runResumeCommand } from './resume.ts';
import { type WorkerFlags, runWorkerCommand } from './worker.ts';

/** Where the CLI writes; tests and embedders may capture it. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
}
const stdio: CliIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Exit code of every error. */
export const EXIT_ERROR = 2;

/** The demos: example script (relative to this file) and what it shows. */
export const DEMOS = {
  derivatives: { script: '../examples/plot_derivatives.ts', about: 'first/second derivatives and Laplacian of a spike (figures)' },
  diagonal: { script: '../examples/diagonal.ts', about: 'a distributed Diagonal: forward, adjoint, dot test, D / y in the actors' },
  inversion: { script: '../examples/inversion.ts', about: 'deblurring a 1-D signal with cgls (progress and figure)' },
} as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the program; `io` receives all output. */
export function buildProgram(io: CliIO = stdio): Command {
  const program = new Command('actorlops')
    .description('Distributed matrix-free linear operators and solvers (PyLops semantics) on an actor runtime over NATS')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (msg, write) => write(`actorlops: ${msg}`) })
    .showSuggestionAfterError(true);

  program
    .command('demo')
    .description('run an example and write its figures (simulation mode, no server needed)')
    .addArgument(new Argument('[name]', 'which example').choices(Object.keys(DEMOS)).default('derivatives'))
    .option('--out <dir>', 'folder for the PNG files', 'out')
    .addHelpText('after', `\nExamples:\n${Object.entries(DEMOS).map(([k, d]) => `  ${k.padEnd(12)} ${d.about}`).join('\n')}`)
    .action(async (name: keyof typeof DEMOS, opts: { out: string }) => {
      const mod = (await import(new URL(DEMOS[name].script, import.meta.url).href)) as { run(o: { out: string; log: (s: string) => void }): Promise<unknown> };
      await mod.run({ out: opts.out, log: (s) => io.out(`${s}\n`) });
    });

  program
    .command('bench')
    .description('run benchmarks (bench/<topic>.bench.ts) and update BENCHMARKS.md')
    .argument('[topics...]', 'topics to run (default: all)')
    .action(async (topics: string[]) => {
      const code = await runNode(fileURLToPath(new URL('../bench/run.ts', import.meta.url)), topics);
      if (code !== 0) throw new Error(`bench/run.ts exited with code ${code}`);
    });

  const worker = program
    .command('worker')
    .description('host a partition actor and join a cluster over NATS (runs until SIGINT/SIGTERM)')
    .requiredOption('--servers <urls>', 'NATS server URL(s), comma-separated, e.g. nats://10.0.0.1:4222')
    .requiredOption('--cluster <name>', 'cluster name to join (letters, digits, _ or -)')
    .option('--name <id>', 'actor id (default: <host>-<pid>)');
  withConnectionOptions(worker)
    .addHelpText('after', '\nCredentials may also come from the environment, which keeps them out of `ps`.')
    .action(async (flags: WorkerFlags) => runWorkerCommand(flags, (s) => io.out(`${s}\n`)));

  const resume = program
    .command('resume')
    .description('continue a solver run checkpointed in JetStream (from any host that reaches the servers)')
    .requiredOption('--servers <urls>', 'NATS server URL(s), comma-separated, e.g. nats://10.0.0.1:4222')
    .requiredOption('--bucket <name>', 'JetStream bucket of the checkpoints')
    .requiredOption('--run <id>', 'run id (the solver result\'s `run`, shown on its progress line)')
    .option('--workers <n>', 'launch N local worker processes on the servers and resume there (default: resume in this process)')
    .option('--out <file>', 'write x to this .npy file');
  withConnectionOptions(resume)
    .action(async (flags: ResumeFlags) => runResumeCommand(flags, (s) => io.out(`${s}\n`)));

  return program;
}

/** Runs `node --import tsx <script> ...args` with inherited stdio; resolves to its exit code. */
function runNode(script: string, args: string[]): Promise<number> {
  const tsx = import.meta.resolve('tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, script, ...args], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Parses `argv` (as process.argv) and runs the command; resolves to the exit code. */
export async function main(argv: string[] = process.argv, io: CliIO = stdio): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    // commander has already printed its own one-line message (or the help) for its errors
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_ERROR;
    io.err(`actorlops: error: ${oneLine(e)}\n`);
    if (process.env.ACTORLOPS_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return EXIT_ERROR;
  }
}

/** The NATS credentials and TLS options shared by the commands that connect (worker, resume). */
function withConnectionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--token <token>', 'NATS auth token').env('ACTORLOPS_NATS_TOKEN'))
    .addOption(new Option('--user <user>', 'NATS user (with --pass)').env('ACTORLOPS_NATS_USER'))
    .addOption(new Option('--pass <password>', 'NATS password (with --user)').env('ACTORLOPS_NATS_PASS'))
    .addOption(new Option('--creds <file>', 'NATS .creds file').env('ACTORLOPS_NATS_CREDS'))
    .option('--tls-ca <file>', 'CA certificate (PEM) to verify the NATS server')
    .option('--tls-cert <file>', 'client certificate (PEM) for mutual TLS (with --tls-key)')
    .option('--tls-key <file>', 'client key (PEM) for mutual TLS (with --tls-cert)');
}
