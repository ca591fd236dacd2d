/**
 * The NATS transport (local-cluster and multi-host modes), on `@nats-io/transport-node` v3.
 *
 * Same contract as the in-process bus (test/runtime/transport/contract.test.ts runs on both). By
 * default it reconnects for ever every 250 ms; while disconnected the client buffers publishes and
 * requests time out. `maxPayload` is the server's `max_payload`. Client errors become the typed errors
 * of types.ts with the client's error as `cause`. Received `data` is a view into the client's receive
 * buffer at an arbitrary byte offset (see runtime/framing for aligned decoding).
 *
 * @example
 * const t = await NatsTransport.connect({ servers: 'nats://127.0.0.1:4222', name: 'worker-1' });
 * const off = t.onStatus((s) => log.info(s, 'nats status'));
 * await t.drain();
 */
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { rethrowLater } from './handlerError.ts';
import { mapNatsError } from './natsErrors.ts';
import { type NatsTransportOptions, toConnectionOptions } from './natsOptions.ts';
import { parseSubject } from './subject.ts';
import {
  type Message,
  PayloadTooLargeError,
  type RequestOptions,
  type SubscribeOptions,
  type Subscription,
  type Transport,
  TransportClosedError,
  TransportError,
  type TransportStatus,
} from './types.ts';

class NatsMessage implements Message {
  constructor(private readonly msg: Msg) {}
  get subject(): string {
    return this.msg.subject;
  }
  get data(): Uint8Array {
    return this.msg.data;
  }
  get reply(): string | undefined {
    return this.msg.reply || undefined;
  }
  respond(data: Uint8Array): boolean {
    try {
      return this.msg.respond(data);
    } catch {
      return false; // connection closed: nobody is waiting for this answer any more
    }
  }
}

export class NatsTransport implements Transport {
  private readonly listeners = new Set<(s: TransportStatus) => void>();
  private readonly onHandlerError: (error: unknown, msg: Message) => void;
  /** Set as soon as drain() or close() starts (the client flags closed only at the end). */
  private ending = false;
  /** Settles when the connection is closed, for good. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    options: NatsTransportOptions,
  ) {
    this.onHandlerError = options.onHandlerError ?? rethrowLater;
    void this.watchStatus();
    this.closed = nc.closed().then((err) => this.emit({ type: 'close', ...(err ? { error: err } : {}) }));
  }

  /** Connects; rejects with TransportError (cause: the client's error) when no server answers. */
  static async connect(options: NatsTransportOptions): Promise<NatsTransport> {
    try {
      return new NatsTransport(await connect(toConnectionOptions(options)), options);
    } catch (error) {
      throw new TransportError(`cannot connect to ${String(options.servers)}`, { cause: error });
    }
  }

  get maxPayload(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  /** URL of the server currently connected to. */
  get server(): string {
    return this.nc.getServer();
  }

  publish(subject: string, data: Uint8Array, reply?: string): void {
    this.checkPublish(subject, data, reply);
    try {
      this.nc.publish(subject, data, reply === undefined ? undefined : { reply });
    } catch (error) {
      throw mapNatsError(error, { subject, byteLength: data.byteLength, maxPayload: this.maxPayload });
    }
  }

  subscribe(subject: string, handler: (msg: Message) => void, opts: SubscribeOptions = {}): Subscription {
    if (this.nc.isClosed() || this.nc.isDraining()) throw new TransportClosedError();
    parseSubject(subject, true);
    try {
      const sub = this.nc.subscribe(subject, {
        ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
        callback: (err, msg) => (err ? this.emit({ type: 'error', error: mapNatsError(err, { subject }) }) : this.handle(handler, msg)),
      });
      const unsubscribe = () => {
        try {
          sub.unsubscribe();
        } catch {
          /* the connection is closed: the subscription is gone already */
        }
      };
      return { subject, unsubscribe };
    } catch (error) {
      throw mapNatsError(error, { subject });
    }
  }

  async request(subject: string, data: Uint8Array, opts: RequestOptions): Promise<Message> {
    if (this.nc.isClosed()) throw new TransportClosedError();
    this.checkPublish(subject, data, undefined);
    opts.signal?.throwIfAborted();
    const ctx = { subject, timeout: opts.timeout, byteLength: data.byteLength, maxPayload: this.maxPayload };
    const fail = (error: unknown) => mapNatsError(this.ending || this.nc.isClosed() ? new TransportClosedError({ cause: error }) : error, ctx);
    let sent: Promise<Msg>;
    try {
      sent = this.nc.request(subject, data, { timeout: opts.timeout });
    } catch (error) {
      throw fail(error);
    }
    const reply = sent.then(
      (msg) => new NatsMessage(msg),
      (error: unknown) => Promise.reject(fail(error)),
    );
    const signal = opts.signal;
    if (!signal) return reply;
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([reply, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      reply.catch(() => {}); // an abandoned request still settles (by timeout)
    }
  }

  inbox(): string {
    return `_INBOX.${crypto.randomUUID().replaceAll('-', '')}`;
  }

  async flush(): Promise<void> {
    try {
      await this.nc.flush();
    } catch (error) {
      throw mapNatsError(error);
    }
  }

  /** Drains every subscription (their handlers still run), flushes, closes. */
  async drain(): Promise<void> {
    if (this.nc.isClosed() || this.nc.isDraining()) return this.closed;
    this.ending = true;
    try {
      await this.nc.drain();
    } catch (error) {
      throw mapNatsError(error);
    }
    await this.closed;
  }

  async close(): Promise<void> {
    this.ending = true;
    if (!this.nc.isClosed()) await this.nc.close();
    await this.closed;
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private handle(handler: (msg: Message) => void, raw: Msg): void {
    const msg = new NatsMessage(raw);
    try {
      handler(msg);
    } catch (error) {
      this.onHandlerError(error, msg);
    }
  }

  private emit(status: TransportStatus): void {
    for (const l of this.listeners) l(status);
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case 'disconnect':
        case 'reconnect':
        case 'ldm':
          this.emit({ type: s.type, server: s.server });
          break;
        case 'reconnecting':
          this.emit({ type: 'reconnecting' });
          break;
        case 'error':
          this.emit({ type: 'error', error: mapNatsError(s.error) });
          break;
        case 'slowConsumer':
          this.emit({ type: 'slowConsumer', pending: s.pending });
          break;
      }
    }
  }

  private checkPublish(subject: string, data: Uint8Array, reply: string | undefined): void {
    if (this.nc.isClosed()) throw new TransportClosedError();
    parseSubject(subject, false);
    if (reply !== undefined) parseSubject(reply, false);
    if (data.byteLength > this.maxPayload) throw new PayloadTooLargeError(subject, data.byteLength, this.maxPayload);
  }
}
