/**
 * Worker processes of a local cluster: `node --import tsx <script>` children with an IPC channel, so a
 * worker exits when its parent goes away (each with its own environment and working directory when
 * asked, e.g. an empty HOME and cwd to stand for a shared-nothing host). Tracks PIDs, reports exits, and stops them all on close
 * (SIGTERM, then SIGKILL after a grace period), leaving no process behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface SpawnOptions {
  /** Absolute path of the TypeScript (or JavaScript) entry. */
  script: string;
  /** Arguments of worker `k`. */
  args(k: number): string[];
  /** Extra environment of worker `k` (merged over this process's), or the same for every worker. */
  env?: Record<string, string> | ((k: number) => Record<string, string>);
  /** Working directory of worker `k`. @defaultValue this process's */
  cwd?(k: number): string | undefined;
  /** Milliseconds between SIGTERM and SIGKILL on close. @defaultValue 2000 */
  graceMs?: number;
}

export interface WorkerProcess {
  readonly index: number;
  readonly pid: number;
  /** Resolves with the exit code / signal once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A set of spawned worker processes. */
export class WorkerProcesses {
  readonly workers: WorkerProcess[] = [];
  private readonly procs: ChildProcess[] = [];
  private readonly exitListeners = new Set<(w: WorkerProcess) => void>();
  private stopping = false;

  private readonly tsx: string;

  constructor(n: number, private readonly opts: SpawnOptions) {
    // tsx's one export is its ESM loader; resolved here so workers start from any working directory
    this.tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    for (let k = 0; k < n; k++) this.start(k);
  }

  /**
   * Starts a new process for worker `k` (one whose process exited: a restart under the same name and
   * arguments). Refuses while the old one still runs. Returns the new process.
   */
  respawn(k: number): WorkerProcess {
    const old = this.procs[k];
    if (!old) throw new RangeError(`no worker ${k} (0..${this.procs.length - 1})`);
    if (old.exitCode === null && old.signalCode === null) throw new Error(`worker ${k} (pid ${old.pid}) is still running`);
    return this.start(k);
  }

  private start(k: number): WorkerProcess {
    const { opts } = this;
    const proc = spawn(process.execPath, ['--import', this.tsx, opts.script, ...opts.args(k)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...(typeof opts.env === 'function' ? opts.env(k) : opts.env) },
      cwd: opts.cwd?.(k),
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.once('exit', (code, signal) => resolve({ code, signal }));
      proc.once('error', () => resolve({ code: null, signal: null }));
    });
    const w: WorkerProcess = { index: k, pid: proc.pid ?? -1, exited };
    void exited.then(() => {
      if (!this.stopping) for (const fn of this.exitListeners) fn(w);
    });
    this.procs[k] = proc;
    this.workers[k] = w;
    return w;
  }

  /** PIDs of the spawned workers. */
  get pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** Calls `fn` when a worker exits before `stop()`. */
  onExit(fn: (w: WorkerProcess) => void): () => void {
    this.exitListeners.add(fn);
    return () => this.exitListeners.delete(fn);
  }

  /** Stops every worker still running and waits until all are gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    const grace = this.opts.graceMs ?? 2000;
    await Promise.all(
      this.procs.map(async (p, k) => {
        if (p.exitCode !== null || p.signalCode !== null) return;
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), grace);
        await this.workers[k].exited;
        clearTimeout(timer);
      }),
    );
  }
}
