/**
 * Per-sender command order for a partition actor. NATS keeps one publisher's messages in order, but a
 * re-sent command (after a lost message), a delayed or reordered delivery, or a reconnect can bring a
 * later command first; run early, it would read an array that is not made yet or apply in-place steps
 * in the wrong order (a wrong number). So each sender numbers its commands to an actor 1, 2, 3, … per
 * stream (sender id and expected epoch), and the actor admits them in that order:
 *
 * - s = next: admitted now; then any held successors are released in order;
 * - s > next: held until the gap fills, or for at most `gapMs` — then the missing numbers are given up
 *   (their senders have timed out by then) and the held ones run in order;
 * - s < next and not in the reply cache: stale (given up, or evicted); refused, never run.
 */
export type Admission = 'now' | 'held' | 'stale';

interface Stream {
  next: number;
  held: Map<number, (() => void)[]>;
  timer?: NodeJS.Timeout;
}

export class CommandSequencer {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly gapMs: number) {}

  /** Decides about command `s` of `stream`; `retry` is called when a held command's turn comes. */
  admit(stream: string, s: number, retry: () => void): Admission {
    let st = this.streams.get(stream);
    if (!st) this.streams.set(stream, (st = { next: 1, held: new Map() }));
    if (s < st.next) return 'stale';
    if (s === st.next) {
      st.next++;
      return 'now';
    }
    const list = st.held.get(s);
    if (list) list.push(retry);
    else st.held.set(s, [retry]);
    st.timer ??= this.gapTimer(st);
    return 'held';
  }

  /** Runs the held commands whose turn has come (call after admitting one). */
  release(stream: string): void {
    const st = this.streams.get(stream);
    if (!st) return;
    const ready = st.held.get(st.next);
    if (!ready) return;
    st.held.delete(st.next);
    if (st.held.size === 0) this.clearTimer(st);
    for (const r of ready) r(); // the first is admitted (next moves on) and releases the rest
  }

  /** Commands waiting for an earlier one. */
  get heldCount(): number {
    let n = 0;
    for (const st of this.streams.values()) for (const l of st.held.values()) n += l.length;
    return n;
  }

  close(): void {
    for (const st of this.streams.values()) this.clearTimer(st);
    this.streams.clear();
  }

  private gapTimer(st: Stream): NodeJS.Timeout {
    const t = setTimeout(() => {
      st.timer = undefined;
      if (st.held.size === 0) return;
      st.next = Math.min(...st.held.keys()); // give up the gap
      const stream = [...this.streams].find(([, v]) => v === st)?.[0];
      if (stream !== undefined) this.release(stream);
      if (st.held.size > 0) st.timer ??= this.gapTimer(st);
    }, this.gapMs);
    t.unref();
    return t;
  }

  private clearTimer(st: Stream): void {
    clearTimeout(st.timer);
    st.timer = undefined;
  }
}
