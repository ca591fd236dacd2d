import type { ProgressOptions, ProgressStream } from './types.ts';

const defaults = { every: 10 };

/**
 * The `show: true` progress display of a solver run: on a TTY, one live line rewritten with `\r`
 * (iteration, cost, iterations per second); otherwise a plain line every `every` iterations and at
 * the end, so logs stay readable.
 *
 * @example
 * const p = new Progress('cgls', 'r2norm', 50, { stream: process.stderr });
 * p.update(1, 0.5); p.finish('niter');
 */
export class Progress {
  private readonly stream: ProgressStream;
  private readonly every: number;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly first: number;
  private last = -1;
  private lastCost = NaN;

  constructor(
    readonly solver: string,
    readonly label: string,
    readonly niter: number,
    options: ProgressOptions = {},
    startIteration = 0,
  ) {
    this.stream = options.stream ?? process.stderr;
    this.every = Math.max(1, options.every ?? defaults.every);
    this.now = options.now ?? (() => performance.now());
    this.t0 = this.now();
    this.first = startIteration;
  }

  /** One line of text for iteration `k` with cost `cost`. */
  line(k: number, cost: number): string {
    const dt = (this.now() - this.t0) / 1000;
    const rate = dt > 0 ? (k - this.first) / dt : 0;
    const width = String(this.niter).length;
    return `${this.solver} ${String(k).padStart(width)}/${this.niter}  ${this.label} ${cost.toExponential(4)}  ${rate.toFixed(1)} it/s`;
  }

  update(k: number, cost: number): void {
    this.last = k;
    this.lastCost = cost;
    if (this.stream.isTTY) this.stream.write(`\r${this.line(k, cost)}\x1b[K`);
    else if (k % this.every === 0) this.stream.write(`${this.line(k, cost)}\n`);
  }

  /** Ends the display: the final line (and the newline a TTY line still needs), with the stop reason. */
  finish(reason: string): void {
    if (this.last < 0) return;
    const text = `${this.line(this.last, this.lastCost)}  (stop: ${reason})`;
    if (this.stream.isTTY) this.stream.write(`\r${text}\x1b[K\n`);
    else this.stream.write(`${text}\n`);
  }
}
