/**
 * Requests that survive the loss of one node of a NATS cluster.
 *
 * When a nats-server dies, its clients reconnect to the other nodes within a reconnect wait (250 ms),
 * but for that moment (1) an actor attached to the dead node has no subscription anywhere, so a
 * request to it fails at once with no-responders, and (2) a request that was inside the dead node is
 * gone, and nobody answers it before the command timeout. {@link FailoverTransport} wraps the driver's
 * transport and covers both: a no-responders answer is retried (every `retryMs`) for up to
 * `failoverMs` unless the actor is known lost; and `resend(subject)` (called when an actor announces
 * that it reconnected) sends every request still waiting on that subject again, with the same bytes.
 * Every command carries an idempotency key, so an actor that already ran it answers the copy from its
 * cache (or joins the run in progress) and never applies it twice.
 *
 * Bulk data (halo bundles, scatter/gather/rechunk chunks) that was inside the dead node is not this
 * layer's business: its receiver, still waiting, asks the sender to publish it again
 * (actors/ops/haloMailbox.ts, actors/bulk.ts), and a command that failed by a transfer timeout anyway
 * runs again when re-sent under its key (PartitionActor: retryable failures are not cached).
 */
import { NoRespondersError, type Message, type RequestOptions, type Subscription, type SubscribeOptions, type Transport, type TransportStatus } from '../transport/types.ts';

export interface FailoverOptions {
  /** How long a no-responders answer is retried, ms. @defaultValue 3000 */
  failoverMs?: number;
  /** Pause between retries, ms. @defaultValue 50 */
  retryMs?: number;
  /** True when the target of `subject` is known lost (stop retrying). @defaultValue never */
  isLost?(subject: string): boolean;
}

interface InFlight {
  subject: string;
  resend: AbortController;
}

/** Counters of what the failover did. */
export interface FailoverStats {
  /** Requests retried after no-responders. */
  noResponders: number;
  /** Requests re-sent because their target reconnected. */
  resent: number;
}

export class FailoverTransport implements Transport {
  readonly stats: FailoverStats = { noResponders: 0, resent: 0 };
  private readonly inFlight = new Set<InFlight>();
  private readonly failoverMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly inner: Transport,
    private readonly opts: FailoverOptions = {},
  ) {
    this.failoverMs = opts.failoverMs ?? 3000;
    this.retryMs = opts.retryMs ?? 50;
  }

  get maxPayload(): number {
    return this.inner.maxPayload;
  }

  /** Sends every request still waiting on `subject` again (its target reconnected elsewhere). */
  resend(subject: string): void {
    for (const r of this.inFlight) if (r.subject === subject) r.resend.abort();
  }

  async request(subject: string, data: Uint8Array, opts: RequestOptions): Promise<Message> {
    const deadline = Date.now() + opts.timeout;
    const noResponderUntil = Date.now() + this.failoverMs;
    for (;;) {
      opts.signal?.throwIfAborted();
      const r: InFlight = { subject, resend: new AbortController() };
      const signal = opts.signal ? AbortSignal.any([opts.signal, r.resend.signal]) : r.resend.signal;
      this.inFlight.add(r);
      try {
        return await this.inner.request(subject, data, { timeout: Math.max(1, deadline - Date.now()), signal });
      } catch (e) {
        if (r.resend.signal.aborted && !opts.signal?.aborted) {
          this.stats.resent++;
          continue;
        }
        if (!(e instanceof NoRespondersError) || Date.now() > noResponderUntil || this.opts.isLost?.(subject)) throw e;
        this.stats.noResponders++;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      } finally {
        this.inFlight.delete(r);
      }
    }
  }

  publish(subject: string, data: Uint8Array, reply?: string): void {
    this.inner.publish(subject, data, reply);
  }

  subscribe(subject: string, handler: (msg: Message) => void, opts?: SubscribeOptions): Subscription {
    return this.inner.subscribe(subject, handler, opts);
  }

  inbox(): string {
    return this.inner.inbox();
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  drain(): Promise<void> {
    return this.inner.drain();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    return this.inner.onStatus?.(listener) ?? (() => {});
  }
}
