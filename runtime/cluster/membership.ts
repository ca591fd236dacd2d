/**
 * Membership by heartbeat. Each actor publishes `{actor, epoch, pid, host}` on `lops.<cluster>.hb.<actor>`
 * every `intervalMs`; the driver's {@link Membership} listens on `lops.<cluster>.hb.*`, knows who is
 * alive with which epoch, and reports an actor lost when no heartbeat came for `lostAfterMs`.
 * Heartbeats are JSON: tiny, and readable with `nats sub 'lops.*.hb.*'`.
 *
 * A worker whose connection moved to another server (its node died) announces it at once with an extra
 * heartbeat carrying its count of `reconnects`; the driver then re-sends what it was waiting for from
 * that worker (see failover.ts).
 */
import type { Subscription, Transport } from '../transport/types.ts';
import { hbSubject, parseSubject, wildcard } from './subjects.ts';

export interface Heartbeat {
  actor: string;
  epoch: number;
  pid: number;
  host: string;
  /** Times this actor's connection moved to a server (only in reconnect announcements). */
  reconnects?: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Publishes `hb` now and every `intervalMs`; returns the function that stops it. */
export function startHeartbeat(transport: Transport, cluster: string, hb: Heartbeat, intervalMs: number): () => void {
  const subject = hbSubject(cluster, hb.actor);
  const beat = () => {
    try {
      transport.publish(subject, enc.encode(JSON.stringify(hb)));
    } catch {
      // closed or disconnected: the next beat tries again, the watchers judge
    }
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Publishes one heartbeat saying the actor reconnected (its `reconnects`-th time). */
export function announceReconnect(transport: Transport, cluster: string, hb: Heartbeat & { reconnects: number }): void {
  try {
    transport.publish(hbSubject(cluster, hb.actor), enc.encode(JSON.stringify(hb)));
  } catch {
    // closed again: the periodic heartbeats carry on, the driver's timeouts judge
  }
}

export interface MembershipOptions {
  /** Declared lost after this long without a heartbeat. @defaultValue 2000 */
  lostAfterMs?: number;
  /** How often to check. @defaultValue 250 */
  checkMs?: number;
}

interface Member extends Heartbeat {
  lastSeen: number;
}

/** Tracks the actors of one cluster from their heartbeats. */
export class Membership {
  private readonly members = new Map<string, Member>();
  private readonly sub: Subscription;
  private readonly timer: NodeJS.Timeout;
  private readonly joinListeners = new Set<(m: Heartbeat) => void>();
  private readonly lostListeners = new Set<(actor: string) => void>();
  private readonly reconnectListeners = new Set<(actor: string) => void>();
  private readonly lostAfterMs: number;
  /** `actor|epoch` of incarnations declared lost. */
  private readonly buried = new Set<string>();

  constructor(transport: Transport, readonly cluster: string, opts: MembershipOptions = {}) {
    this.lostAfterMs = opts.lostAfterMs ?? 2000;
    this.sub = transport.subscribe(wildcard(cluster, 'hb'), (m) => this.onBeat(m.subject, m.data));
    this.timer = setInterval(() => this.check(), opts.checkMs ?? 250);
    this.timer.unref();
  }

  /** Live actors, sorted by name. */
  alive(): Heartbeat[] {
    return [...this.members.values()].sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0));
  }

  get(actor: string): Heartbeat | undefined {
    return this.members.get(actor);
  }

  /** Calls `fn` when an actor first appears or comes back with a new epoch. */
  onJoin(fn: (m: Heartbeat) => void): () => void {
    this.joinListeners.add(fn);
    return () => this.joinListeners.delete(fn);
  }

  /** Calls `fn` when an actor missed its heartbeats for `lostAfterMs`. */
  onLost(fn: (actor: string) => void): () => void {
    this.lostListeners.add(fn);
    return () => this.lostListeners.delete(fn);
  }

  /** Calls `fn` when an actor announces that its connection moved to a server (same epoch). */
  onReconnected(fn: (actor: string) => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  /** Resolves once `n` actors are alive; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs: number): Promise<Heartbeat[]> {
    if (this.members.size >= n) return Promise.resolve(this.alive());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (off(), reject(new Error(`${this.members.size} of ${n} actors joined within ${timeoutMs} ms`))), timeoutMs);
      const off = this.onJoin(() => {
        if (this.members.size < n) return;
        clearTimeout(timer);
        off();
        resolve(this.alive());
      });
    });
  }

  /**
   * While suspended (our connection is down) nobody is declared lost; `resume()` restarts every
   * actor's clock, since heartbeats could not arrive meanwhile.
   */
  suspend(): void {
    this.suspended = true;
  }

  resume(): void {
    this.suspended = false;
    const now = Date.now();
    for (const m of this.members.values()) m.lastSeen = now;
  }

  /**
   * Marks an actor lost now (e.g. its process exited) and tells the listeners. Its incarnation stays
   * buried: a late heartbeat of it is ignored, only a new epoch under that name joins again.
   */
  markLost(actor: string): void {
    const m = this.members.get(actor);
    if (!m) return;
    this.members.delete(actor);
    this.buried.add(`${actor}|${m.epoch}`);
    for (const fn of this.lostListeners) fn(actor);
  }

  close(): void {
    this.sub.unsubscribe();
    clearInterval(this.timer);
    this.joinListeners.clear();
    this.lostListeners.clear();
    this.reconnectListeners.clear();
  }

  private onBeat(subject: string, data: Uint8Array): void {
    const s = parseSubject(subject);
    let hb: Heartbeat;
    try {
      hb = JSON.parse(dec.decode(data));
    } catch {
      return;
    }
    if (!s || hb.actor !== s.name || typeof hb.epoch !== 'number' || this.buried.has(`${hb.actor}|${hb.epoch}`)) return;
    const prev = this.members.get(hb.actor);
    const same = prev !== undefined && prev.epoch === hb.epoch;
    const before = same ? (prev.reconnects ?? 0) : 0;
    const reconnects = Math.max(before, hb.reconnects ?? 0);
    this.members.set(hb.actor, { ...hb, reconnects, lastSeen: Date.now() });
    if (!same) for (const fn of this.joinListeners) fn(hb);
    else if (reconnects > before) for (const fn of this.reconnectListeners) fn(hb.actor);
  }

  private lastCheck = Date.now();
  private suspended = false;

  private check(): void {
    const now = Date.now();
    const stalled = now - this.lastCheck > this.lostAfterMs / 2;
    this.lastCheck = now;
    if (stalled || this.suspended) return; // our own event loop was blocked: heartbeats may be waiting unread, judge later
    for (const [actor, m] of this.members) if (now - m.lastSeen > this.lostAfterMs) this.markLost(actor);
  }
}
