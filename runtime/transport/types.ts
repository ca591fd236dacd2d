/**
 * The transport under every actor: NATS semantics (subjects with `*`/`>` wildcards, queue groups,
 * request/reply, no-responders) behind one interface, implemented by an in-process bus (simulation
 * mode) and by NATS (local cluster, multi-host). Nothing outside runtime/ imports the NATS client.
 */
import { ActorlopsError } from '../../operators/core/errors.ts';

/** A received message. `respond` answers a request (no-op when the sender set no reply subject). */
export interface Message {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly reply?: string;
  respond(data: Uint8Array): boolean;
}

export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group. */
  queue?: string;
}

export interface RequestOptions {
  /** Milliseconds before the request fails with RequestTimeoutError. */
  timeout: number;
  signal?: AbortSignal;
}

export interface Subscription {
  readonly subject: string;
  unsubscribe(): void;
}

/** A change of the connection, for the membership layer (NATS only; the bus never disconnects). */
export interface TransportStatus {
  readonly type: 'disconnect' | 'reconnecting' | 'reconnect' | 'error' | 'slowConsumer' | 'ldm' | 'close';
  /** The server concerned, when known. */
  readonly server?: string;
  readonly error?: unknown;
  /** Messages pending in the client (slowConsumer). */
  readonly pending?: number;
}

export interface Transport {
  /** Largest payload a single publish may carry (NATS: the server's max_payload). */
  readonly maxPayload: number;
  /** Fire-and-forget publish; `reply` sets the reply subject. */
  publish(subject: string, data: Uint8Array, reply?: string): void;
  /** Calls `handler` for each message on `subject` (wildcards allowed), in arrival order. */
  subscribe(subject: string, handler: (msg: Message) => void, opts?: SubscribeOptions): Subscription;
  /** Publishes and waits for the first reply; NoRespondersError when nobody listens. */
  request(subject: string, data: Uint8Array, opts: RequestOptions): Promise<Message>;
  /** A fresh unique inbox subject for replies. */
  inbox(): string;
  /** Resolves when everything published so far has reached the server (bus: at once). */
  flush(): Promise<void>;
  /** Stops subscriptions after their pending messages are handled, then closes. */
  drain(): Promise<void>;
  close(): Promise<void>;
  /** Registers a listener of connection changes; returns a function that removes it. */
  onStatus?(listener: (status: TransportStatus) => void): () => void;
}

/** A transport failure without a more specific type (e.g. cannot connect); the client's error is `cause`. */
export class TransportError extends ActorlopsError {}

/** Nobody is subscribed to the subject of a request. */
export class NoRespondersError extends ActorlopsError {
  constructor(readonly subject: string, options?: { cause?: unknown }) {
    super(`no responders on ${subject}`, options);
  }
}

/** A request got no reply in time. */
export class RequestTimeoutError extends ActorlopsError {
  constructor(readonly subject: string, readonly timeout: number, options?: { cause?: unknown }) {
    super(`request on ${subject} timed out after ${timeout} ms`, options);
  }
}

/** The transport is closed (or was closed while waiting). */
export class TransportClosedError extends ActorlopsError {
  constructor(options?: { cause?: unknown }) {
    super('transport closed', options);
  }
}

/** A subject is empty, has empty tokens or whitespace, or has wildcards where a literal is needed. */
export class InvalidSubjectError extends ActorlopsError {
  constructor(readonly subject: unknown, must: string) {
    super(`invalid argument. Subject must be ${must}. Value: \`${String(subject)}\``);
  }
}

/** A publish larger than the transport's maxPayload (NATS refuses it before sending). */
export class PayloadTooLargeError extends ActorlopsError {
  constructor(readonly subject: string, readonly byteLength: number, readonly maxPayload: number, options?: { cause?: unknown }) {
    super(`payload of ${byteLength} bytes on ${subject} exceeds maxPayload ${maxPayload}`, options);
  }
}
