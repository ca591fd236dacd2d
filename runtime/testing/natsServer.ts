/**
 * Real `nats-server` processes for tests and benchmarks: each on a free loopback port (never 4222),
 * optionally with JetStream in a temporary store, extra arguments or a config file, and controlled by
 * PID: `stop()` (SIGTERM, then SIGKILL), `kill()` (SIGKILL, a crash), `restart()` (same port, same store).
 *
 * The binary is `options.binary`, else `$NATS_SERVER_BIN`, else `/usr/sbin/nats-server` when present,
 * else `nats-server` on PATH. Every server still running when the Node process exits is killed.
 *
 * @example
 * const server = await startNatsServer({ jetstream: true });
 * const t = await NatsTransport.connect({ servers: server.url });
 * // ...
 * await t.close();
 * await server.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorlopsError } from '../../operators/core/errors.ts';

export interface NatsServerOptions {
  /** Path of the nats-server binary. @defaultValue see the module comment */
  binary?: string;
  /** Enable JetStream with a temporary store directory (removed by `stop()`). @defaultValue false */
  jetstream?: boolean;
  /** Extra command-line arguments, e.g. `['--user', 'u', '--pass', 'p']`. @defaultValue [] */
  args?: string[];
  /** Text of a config file passed with `-c` (e.g. an `authorization { ... }` block). */
  config?: string;
  /** Open a cluster port too (its URL is `clusterUrl`), with these routes and cluster name. */
  cluster?: { name?: string; routes?: string[] };
  /** Milliseconds to wait for the server to accept connections. @defaultValue 10000 */
  readyTimeout?: number;
}

/** nats-server failed to start or stop; `output` has the end of its log. */
export class NatsServerError extends ActorlopsError {
  constructor(message: string, readonly output: string) {
    super(`${message}${output ? `\n--- nats-server output ---\n${output}` : ''}`);
  }
}

const FORBIDDEN_PORT = 4222;
const PORT_ATTEMPTS = 8;
const STOP_GRACE_MS = 3000;
const live = new Set<NatsServer>();
process.once('exit', () => {
  for (const s of live) s.killSync();
});

/** A free TCP port on 127.0.0.1, chosen by the OS (never 4222). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    if (port !== 0 && port !== FORBIDDEN_PORT) return port;
  }
}

function findBinary(opt?: string): string {
  if (opt) return opt;
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

export class NatsServer {
  private proc: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  private constructor(
    private readonly options: NatsServerOptions,
    readonly port: number,
    readonly clusterPort: number | undefined,
    /** Temporary directory (JetStream store, config file); removed by `stop()`. */
    readonly tempDir: string,
  ) {}

  /** Client URL, e.g. `nats://127.0.0.1:40123`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Route URL for other servers' `cluster.routes`, when the cluster option is set. */
  get clusterUrl(): string | undefined {
    return this.clusterPort === undefined ? undefined : `nats://127.0.0.1:${this.clusterPort}`;
  }

  /** PID of the running process (undefined when stopped or killed). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** The last few KiB of the server's log output. */
  get output(): string {
    return this.log;
  }

  /** @internal use {@link startNatsServer}. */
  static async start(options: NatsServerOptions): Promise<NatsServer> {
    const dir = await mkdtemp(join(tmpdir(), 'actorlops-nats-'));
    let lastError: unknown;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      const server = new NatsServer(options, await freePort(), options.cluster ? await freePort() : undefined, dir);
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        if (!(error instanceof NatsServerError && /address already in use/i.test(error.output))) break;
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }

  /** Stops the process if it runs, then starts it again on the same port (and same JetStream store). */
  async restart(): Promise<void> {
    await this.terminate();
    let lastError: unknown;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        return await this.launch();
      } catch (error) {
        lastError = error;
        if (!(error instanceof NatsServerError && /address already in use/i.test(error.output))) break;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
    }
    throw lastError;
  }

  /** SIGKILL now, like a crash; `restart()` brings it back. */
  async kill(): Promise<void> {
    this.proc?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, SIGKILL after a grace period, then removes the temporary directory. Final. */
  async stop(): Promise<void> {
    await this.terminate();
    await rm(this.tempDir, { recursive: true, force: true });
  }

  /** @internal synchronous last-resort kill at process exit. */
  killSync(): void {
    try {
      this.proc?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  private async terminate(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return this.exited;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private async args(): Promise<string[]> {
    const o = this.options;
    const args = ['-a', '127.0.0.1', '-p', String(this.port)];
    if (o.jetstream) args.push('-js', '-sd', join(this.tempDir, 'jetstream'));
    if (this.clusterPort !== undefined) {
      args.push('--cluster', this.clusterUrl!, '--cluster_name', o.cluster?.name ?? 'actorlops');
      if (o.cluster?.routes?.length) args.push('--routes', o.cluster.routes.join(','));
    }
    if (o.config !== undefined) {
      const file = join(this.tempDir, 'server.conf');
      await writeFile(file, o.config);
      args.push('-c', file);
    }
    return [...args, ...(o.args ?? [])];
  }

  /** Spawns the process and resolves once it logs that it is ready (rejects if it exits first). */
  private async launch(): Promise<void> {
    const proc = spawn(findBinary(this.options.binary), await this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.log = '';
    this.exited = new Promise((resolve) => proc.once('close', () => resolve()));
    live.add(this);
    void this.exited.then(() => {
      if (this.proc === proc) {
        this.proc = undefined;
        live.delete(this);
      }
    });
    await new Promise<void>((resolve, reject) => {
      const timeout = this.options.readyTimeout ?? 10_000;
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new NatsServerError(`nats-server not ready after ${timeout} ms on port ${this.port}`, this.log));
      }, timeout);
      const onData = (chunk: Buffer) => {
        this.log = (this.log + chunk.toString()).slice(-8192);
        if (this.log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(new NatsServerError(`cannot run nats-server: ${error.message}`, this.log));
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new NatsServerError(`nats-server exited (code ${proc.exitCode}, signal ${proc.signalCode}) before it was ready`, this.log));
      });
    });
  }
}

/** Starts a nats-server on a free loopback port and resolves once it accepts connections. */
export function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  return NatsServer.start(options);
}
