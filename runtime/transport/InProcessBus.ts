/**
 * The simulation-mode transport: NATS semantics inside one process, on a shared {@link Bus}.
 *
 * - Subjects, `*`/`>` wildcards and queue groups as NATS has them (see Bus.ts).
 * - Delivery is always asynchronous: `publish` only queues the message in the bus's one delivery
 *   queue (DeliveryQueue.ts), drained in a later `setImmediate` turn, so a handler is never called
 *   inside `publish`, recursion is impossible, timers and I/O still run between turns, and messages
 *   from one publisher arrive in the order they were published.
 * - Data is not copied: every receiver sees the publisher's `Uint8Array`. Receivers must not mutate it
 *   (and publishers must not reuse the buffer after publishing).
 * - `request` fails fast with NoRespondersError when nobody is subscribed, with RequestTimeoutError
 *   when no reply comes in time, and with TransportClosedError when the transport closes meanwhile.
 *
 * @example
 * const bus = new Bus();
 * const a = new InProcessBus(bus), b = new InProcessBus(bus); // two simulated processes
 * b.subscribe('lops.c1.ctl.*', (m) => m.respond(m.data));
 * const reply = await a.request('lops.c1.ctl.0', new Uint8Array([1]), { timeout: 1000 });
 */
import { Bus, type BusSubscriber, type Envelope } from './Bus.ts';
import { rethrowLater } from './handlerError.ts';
import type { QueuedTarget } from './DeliveryQueue.ts';
import { checkLiteral, parseSubject } from './subject.ts';
import {
  type Message,
  NoRespondersError,
  PayloadTooLargeError,
  type RequestOptions,
  RequestTimeoutError,
  type SubscribeOptions,
  type Subscription,
  type Transport,
  TransportClosedError,
} from './types.ts';

export interface InProcessBusOptions {
  /** Largest payload of one publish, as a NATS server's max_payload. @defaultValue 1 MiB */
  maxPayload?: number;
  /**
   * Called when a handler throws. @defaultValue rethrows in a fresh task (an uncaught exception), so a
   * bug in a handler is loud; the subscription keeps delivering either way.
   */
  onHandlerError?: (error: unknown, msg: Message) => void;
}

const defaults: Required<InProcessBusOptions> = {
  maxPayload: 1024 * 1024,
  onHandlerError: rethrowLater,
};

class BusMessage implements Message {
  constructor(
    private readonly transport: InProcessBus,
    readonly subject: string,
    readonly data: Uint8Array,
    readonly reply: string | undefined,
  ) {}

  respond(data: Uint8Array): boolean {
    if (this.reply === undefined || this.transport.isClosed) return false;
    this.transport.publish(this.reply, data);
    return true;
  }
}

class BusSubscription implements Subscription, BusSubscriber, QueuedTarget {
  open = true;
  queued = 0;

  constructor(
    private readonly transport: InProcessBus,
    readonly subject: string,
    readonly queue: string | undefined,
    readonly owner: string,
    private readonly handler: (msg: Message) => void,
  ) {}

  get closed(): boolean {
    return !this.open;
  }

  enqueue(env: Envelope): void {
    if (this.open) this.transport.bus.deliveries.push(this, env);
  }

  handle(env: Envelope): void {
    const msg = new BusMessage(this.transport, env.subject, env.data, env.reply);
    try {
      this.handler(msg);
    } catch (error) {
      this.transport.handlerError(error, msg);
    }
  }

  unsubscribe(): void {
    if (!this.open) return;
    this.open = false;
    this.transport.forget(this);
  }
}

interface PendingRequest {
  reject(error: unknown): void;
}

export class InProcessBus implements Transport {
  readonly maxPayload: number;
  private readonly owner: string;
  private readonly subs = new Set<BusSubscription>();
  private readonly requests = new Set<PendingRequest>();
  private readonly onHandlerError: (error: unknown, msg: Message) => void;
  private inboxCount = 0;
  private state: 'open' | 'draining' | 'closed' = 'open';

  /** @param bus the shared bus; a private one when omitted (a single simulated process). */
  constructor(
    readonly bus: Bus = new Bus(),
    options: InProcessBusOptions = {},
  ) {
    const o = { ...defaults, ...options };
    this.maxPayload = o.maxPayload;
    this.onHandlerError = o.onHandlerError;
    this.owner = bus.newOwner();
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  publish(subject: string, data: Uint8Array, reply?: string): void {
    this.checkPublish(subject, data, reply);
    this.bus.route({ subject, data, reply });
  }

  subscribe(subject: string, handler: (msg: Message) => void, opts: SubscribeOptions = {}): Subscription {
    if (this.state !== 'open') throw new TransportClosedError();
    parseSubject(subject, true);
    return this.listen(subject, handler, opts.queue, false);
  }

  /** Subscribes without checking the subject again (`literal`: a generated inbox, not parsed at all). */
  private listen(subject: string, handler: (msg: Message) => void, queue: string | undefined, literal: boolean): BusSubscription {
    const sub = new BusSubscription(this, subject, queue, this.owner, handler);
    this.subs.add(sub);
    this.bus.add(sub, literal);
    return sub;
  }

  request(subject: string, data: Uint8Array, opts: RequestOptions): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      if (this.state !== 'open') return reject(new TransportClosedError());
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      const inbox = this.inbox();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        clearTimeout(timer);
        sub.unsubscribe();
        this.requests.delete(pending);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const pending: PendingRequest = {
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      const onAbort = () => pending.reject(opts.signal!.reason);
      const sub = this.listen(inbox, (msg) => {
        finish();
        resolve(msg);
      }, undefined, true);
      try {
        this.checkPublish(subject, data, undefined);
      } catch (error) {
        return pending.reject(error);
      }
      this.requests.add(pending);
      if (this.bus.route({ subject, data, reply: inbox }) === 0) return pending.reject(new NoRespondersError(subject));
      timer = setTimeout(() => pending.reject(new RequestTimeoutError(subject, opts.timeout)), opts.timeout);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  inbox(): string {
    return `_INBOX.${this.owner}.${++this.inboxCount}`;
  }

  flush(): Promise<void> {
    return this.state === 'closed' ? Promise.reject(new TransportClosedError()) : Promise.resolve();
  }

  /** Stops new deliveries, lets every subscription handle what it has queued, then closes. */
  async drain(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'draining';
    const subs = [...this.subs];
    for (const s of subs) this.bus.remove(s);
    while (subs.some((s) => s.open && s.queued > 0)) await new Promise((r) => setImmediate(r));
    await this.close();
  }

  /** Drops queued messages, ends subscriptions, fails pending requests with TransportClosedError. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const s of [...this.subs]) s.unsubscribe();
    for (const r of [...this.requests]) r.reject(new TransportClosedError());
  }

  /** @internal called by a subscription that ends. */
  forget(sub: BusSubscription): void {
    this.subs.delete(sub);
    this.bus.remove(sub);
  }

  /** @internal called when a handler throws. */
  handlerError(error: unknown, msg: Message): void {
    this.onHandlerError(error, msg);
  }

  private checkPublish(subject: string, data: Uint8Array, reply: string | undefined): void {
    if (this.state === 'closed') throw new TransportClosedError();
    checkLiteral(subject);
    if (reply !== undefined) checkLiteral(reply);
    if (data.byteLength > this.maxPayload) throw new PayloadTooLargeError(subject, data.byteLength, this.maxPayload);
  }
}
