/**
 * The driver side of the actor protocol: sends commands to partition actors and turns their replies
 * into values or typed errors. Commands are pipelined (any number in flight; each actor keeps per-array
 * order). Every command carries an idempotency key, so the driver can safely re-send it: after a
 * reconnect of the transport, and on no-responders within a grace period after one (the actor's
 * subscription may not be back yet). A lost actor (no responders, missed heartbeats, or its process
 * exited) fails every pending and later command on it with WorkerLostError naming it.
 */
import { randomUUID } from 'node:crypto';
import { ctlSubject, dataSubject } from '../runtime/cluster/subjects.ts';
import { WorkerLostError, ClusterClosedError } from '../runtime/cluster/errors.ts';
import { NoRespondersError, RequestTimeoutError, type Transport } from '../runtime/transport/types.ts';
import { BulkInbox } from './bulk.ts';
import { ActorCommandError, ActorRestartedError, ProtocolError } from './errors.ts';
import type { CommandHeader, ReplyHeader } from './protocol.ts';
import { decodeMessage, encodeMessage } from './wire.ts';

export interface DriverOptions {
  /** Per-command timeout in ms. @defaultValue 60000 */
  timeout?: number;
  /** After a reconnect, no-responders/timeouts within this many ms are retried. @defaultValue 5000 */
  reconnectGraceMs?: number;
  /**
   * When set, a command unanswered after this many ms is re-sent with the same key and sequence number
   * (the actor runs it once and answers copies from its cache), until `timeout` in all. @defaultValue off
   */
  resendAfterMs?: number;
}

interface Attempt {
  controller: AbortController;
  retry: boolean;
}

interface Pending {
  actor: string;
  reject(e: unknown): void;
  attempt?: Attempt;
}

export class Driver {
  /** This driver's name: a subject token. */
  readonly id = `drv-${randomUUID().slice(0, 8)}`;
  readonly inbox: BulkInbox;
  readonly epochs = new Map<string, number>();
  readonly timeout: number;
  private readonly pending = new Set<Pending>();
  private readonly lost = new Map<string, WorkerLostError>();
  private readonly graceMs: number;
  private lastReconnect = -Infinity;
  private seq = 0;
  /** Next sequence number per actor and expected epoch (see sequencer.ts). */
  private readonly sequences = new Map<string, number>();
  private readonly resendAfterMs: number | undefined;
  private closed = false;
  private readonly offStatus: () => void;

  constructor(readonly transport: Transport, readonly cluster: string, opts: DriverOptions = {}) {
    this.timeout = opts.timeout ?? 60_000;
    this.graceMs = opts.reconnectGraceMs ?? 5000;
    this.resendAfterMs = opts.resendAfterMs;
    this.inbox = new BulkInbox(transport, dataSubject(cluster, this.id));
    this.offStatus = transport.onStatus?.((s) => s.type === 'reconnect' && this.onReconnect()) ?? (() => {});
  }

  /** The driver's own data subject (gather target). */
  get dataSubject(): string {
    return dataSubject(this.cluster, this.id);
  }

  /** A fresh idempotency key. */
  nextKey(): string {
    return `${this.id}-${++this.seq}`;
  }

  /** A fresh transfer id. */
  nextTransfer(): string {
    return `${this.id}-t${++this.seq}`;
  }

  /** Greets an actor and records its epoch. */
  async hello(actor: string): Promise<number> {
    const r = (await this.command(actor, 'hello', {})) as { epoch: number };
    this.epochs.set(actor, r.epoch);
    return r.epoch;
  }

  /** Sends command `name` to `actor`; resolves with its result. `key` defaults to a fresh one. */
  command(actor: string, name: string, args: unknown, key = this.nextKey()): Promise<unknown> {
    if (this.closed) return Promise.reject(new ClusterClosedError(this.cluster));
    const gone = this.lost.get(actor);
    if (gone) return Promise.reject(gone);
    const e = this.epochs.get(actor);
    const stream = `${actor}|${e ?? ''}`;
    const s = (this.sequences.get(stream) ?? 0) + 1;
    this.sequences.set(stream, s);
    const header: CommandHeader = { k: key, c: name, a: args, e, f: this.id, s };
    const bytes = encodeMessage(header);
    return new Promise((resolve, reject) => {
      const p: Pending = { actor, reject };
      this.pending.add(p);
      const settle = (ok: boolean, v: unknown) => {
        if (!this.pending.delete(p)) return;
        (ok ? resolve : reject)(v);
      };
      p.reject = (e) => settle(false, e);
      this.send(p, actor, name, bytes).then(
        (v) => settle(true, v),
        (e) => settle(false, e),
      );
    });
  }

  /** Fails everything pending on `actor` and refuses later commands to it. */
  lose(actor: string, reason: WorkerLostError['reason'], cause?: unknown): void {
    if (this.lost.has(actor)) return;
    const err = new WorkerLostError(actor, reason, { cause });
    this.lost.set(actor, err);
    for (const p of [...this.pending]) if (p.actor === actor) p.reject(err);
  }

  /**
   * A new incarnation of a lost actor joined (a restarted worker with the same name): commands to it
   * flow again, expecting `epoch`, so a late reply of the dead incarnation is refused.
   */
  rejoin(actor: string, epoch: number): void {
    this.lost.delete(actor);
    this.epochs.set(actor, epoch);
  }

  /** The error of a lost actor, if it is lost. */
  lostError(actor: string): WorkerLostError | undefined {
    return this.lost.get(actor);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.offStatus();
    const err = new ClusterClosedError(this.cluster);
    for (const p of [...this.pending]) p.reject(err);
    this.inbox.close(err);
  }

  private onReconnect(): void {
    this.lastReconnect = Date.now();
    for (const p of this.pending) {
      if (!p.attempt) continue;
      p.attempt.retry = true; // re-send with the same key: the actor answers a duplicate from its cache
      p.attempt.controller.abort();
    }
  }

  private async send(p: Pending, actor: string, name: string, bytes: Uint8Array): Promise<unknown> {
    const subject = ctlSubject(this.cluster, actor);
    const deadline = Date.now() + this.timeout;
    for (;;) {
      const attempt: Attempt = { controller: new AbortController(), retry: false };
      p.attempt = attempt;
      const left = this.resendAfterMs === undefined ? this.timeout : Math.max(1, deadline - Date.now());
      const resend = this.resendAfterMs !== undefined && this.resendAfterMs < left;
      try {
        const msg = await this.transport.request(subject, bytes, { timeout: resend ? this.resendAfterMs! : left, signal: attempt.controller.signal });
        return this.unpack(actor, name, msg.data);
      } catch (e) {
        if (!this.pending.has(p)) throw e; // already settled (lost or closed)
        if (attempt.retry || (resend && e instanceof RequestTimeoutError)) continue;
        const inGrace = Date.now() - this.lastReconnect < this.graceMs;
        if ((e instanceof NoRespondersError || e instanceof RequestTimeoutError) && inGrace) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        if (e instanceof NoRespondersError) {
          this.lose(actor, 'no-responders', e);
          throw this.lost.get(actor);
        }
        throw e;
      }
    }
  }

  private unpack(actor: string, name: string, data: Uint8Array): unknown {
    let h: ReplyHeader;
    try {
      h = decodeMessage<ReplyHeader>(data);
    } catch (e) {
      throw new ProtocolError(ctlSubject(this.cluster, actor), 'undecodable reply', { cause: e });
    }
    const known = this.epochs.get(actor);
    if (known !== undefined && h.e !== known) throw new ActorRestartedError(actor, known, h.e);
    if (!h.ok) {
      if (h.err?.name === 'ActorRestartedError') throw new ActorRestartedError(actor, known ?? -1, h.e);
      throw new ActorCommandError(actor, name, h.err?.name ?? 'Error', h.err?.message ?? '');
    }
    return h.r;
  }
}
