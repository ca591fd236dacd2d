/**
 * Bulk data between actors and the driver: a typed array published as chunk frames of runtime/framing
 * (≤ 512 KiB each, `{transferId, index, count, offset, total}`) on the receiver's data subject, and
 * reassembled on arrival with one copy per chunk: into the receiver's own destination when it named one
 * before the first chunk arrived (`take(id, timeout, into)`, e.g. the rows of a gathered array), else
 * into a fresh aligned buffer (so the array is a view, no second copy). All chunks are published at
 * once (the NATS client writes each as it comes; nothing awaits per chunk).
 *
 * Lost transfers are recovered (NATS is at-most-once: a chunk inside a server that dies, or published
 * while its receiver was reconnecting to another node, is gone): every sender remembers its last
 * KEEP_SENT transfers (per transport); a receiver still waiting after RESEND_MS publishes a resend
 * request (transfer id as payload, its own data subject as `reply`) on `lops.<cluster>.red.resend`,
 * again at that interval, and the sender that has the transfer for that subject publishes it again.
 * Chunks already received are dropped as duplicates (the Reassembler), so a resend only fills gaps.
 * The command that announced a transfer still waits with a timeout: an error, never a hang.
 */
import { type DType, type FloatArray, isComplex } from '../operators/core/dtype.ts';
import { DEFAULT_CHUNK_BYTES, chunkFrames } from '../runtime/framing/chunk.ts';
import { receiveChunk } from '../runtime/framing/decode.ts';
import { ChunkError, FrameErrorCounter } from '../runtime/framing/errors.ts';
import { frameArray } from '../runtime/framing/frame.ts';
import { Reassembler } from '../runtime/framing/Reassembler.ts';
import { parseSubject, redSubject } from '../runtime/cluster/subjects.ts';
import type { Message, Subscription, Transport } from '../runtime/transport/types.ts';
import { TransferTimeoutError } from './errors.ts';

/** Room left in each publish for the frame header. */
const HEADER_ROOM = 4096;
/** Transfers each sender keeps for resends: the newest, for at most KEEP_SENT_MS (held by reference, not copied). */
const KEEP_SENT = 64;
const KEEP_SENT_MS = 20_000;
/** A receiver asks for a resend after waiting this long, and again at this interval, ms. */
export const RESEND_MS = 500;

/** Publishes `data` to `subject` as the chunks of transfer `transferId`; kept for resends. */
export function sendBulk(transport: Transport, subject: string, transferId: string, data: FloatArray, dtype: DType): void {
  publishBulk(transport, subject, transferId, data, dtype);
  sentLog(transport, subject)?.keep(transferId, { subject, data, dtype });
}

/** Publishes the chunks of a transfer, nothing kept (the halo mailbox keeps its own bundles). */
export function publishBulk(transport: Transport, subject: string, transferId: string, data: FloatArray, dtype: DType): void {
  const maxChunkBytes = Math.min(DEFAULT_CHUNK_BYTES, transport.maxPayload - HEADER_ROOM);
  const meta = { kind: 'data', dtype, shape: [isComplex(dtype) ? data.length / 2 : data.length] };
  // each chunk is encoded just before its publish (the client packs and writes it at once), not all first
  for (const f of chunkFrames(meta, data, { transferId, maxChunkBytes })) transport.publish(subject, f);
}

/** The resend-request subject of the cluster of a protocol subject, or undefined for another subject. */
function resendSubject(subject: string): string | undefined {
  const p = parseSubject(subject);
  return p && redSubject(p.cluster, 'resend');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Sent {
  subject: string;
  data: FloatArray;
  dtype: DType;
}

/** The last transfers sent over one transport, answering resend requests of their receivers. */
class SentLog {
  /** Resend requests answered. */
  resent = 0;
  private readonly sent = new Map<string, Sent>();
  private readonly listening = new Set<string>();

  constructor(private readonly transport: Transport) {}

  /** Subscribes to the resend requests on `subject` (once per subject). */
  listen(subject: string): void {
    if (this.listening.has(subject)) return;
    this.listening.add(subject);
    this.transport.subscribe(subject, (m) => this.onRequest(m));
  }

  /** Keeps a transfer: the newest KEEP_SENT, each dropped KEEP_SENT_MS after its send (its data freed). */
  keep(id: string, entry: Sent): void {
    const kept = { ...entry }; // its own identity: a later send of the same id is not dropped by this timer
    this.sent.delete(id);
    this.sent.set(id, kept);
    if (this.sent.size > KEEP_SENT) this.sent.delete(this.sent.keys().next().value!);
    setTimeout(() => this.sent.get(id) === kept && this.sent.delete(id), KEEP_SENT_MS).unref();
  }

  private onRequest(m: Message): void {
    const id = decoder.decode(m.data);
    const s = this.sent.get(id);
    if (!s || s.subject !== m.reply) return;
    this.resent++;
    publishBulk(this.transport, s.subject, id, s.data, s.dtype);
  }
}

const logs = new WeakMap<Transport, SentLog>();

/** The sent log of `transport`, listening for resend requests of the cluster of `subject`. */
function sentLog(transport: Transport, subject: string): SentLog | undefined {
  const ask = resendSubject(subject);
  if (!ask) return undefined;
  let log = logs.get(transport);
  if (!log) logs.set(transport, (log = new SentLog(transport)));
  log.listen(ask);
  return log;
}

/** Resend requests `transport` answered (for tests). */
export function resentCount(transport: Transport): number {
  return logs.get(transport)?.resent ?? 0;
}

interface Waiter {
  into?: FloatArray;
  resolve(d: FloatArray): void;
  reject(e: unknown): void;
  timers: NodeJS.Timeout[];
}

/** Receives transfers on one data subject and hands each to whoever `take`s it. */
export class BulkInbox {
  readonly counter = new FrameErrorCounter();
  private readonly done = new Map<string, { data: FloatArray; expires: number }>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly reassembler: Reassembler;
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private readonly resendSubject: string | undefined;

  /**
   * @param keepMs how long a completed transfer nobody asked for yet is kept
   * @param onMalformed told about each rejected chunk (for the actor's log)
   * @param resendMs a waiting `take` asks the sender to resend after this long, and again at this interval
   */
  constructor(
    private readonly transport: Transport,
    readonly subject: string,
    private readonly keepMs = 60_000,
    private readonly onMalformed?: (e: unknown) => void,
    private readonly resendMs = RESEND_MS,
  ) {
    this.resendSubject = resendSubject(subject);
    this.reassembler = new Reassembler({ counter: this.counter, timeout: keepMs, onIncomplete: (e) => onMalformed?.(e) });
    this.sub = transport.subscribe(subject, (m) => this.onChunk(m.data));
    this.sweeper = setInterval(() => this.sweep(), Math.min(keepMs, 10_000));
    this.sweeper.unref();
  }

  /**
   * Resolves with the transfer's data once all its chunks arrived; TransferTimeoutError after `timeout`
   * ms. With `into` (as many numbers as the transfer) the data lands there – straight from the chunks
   * when the transfer has not started yet, else by one copy – and the result is `into` itself. While
   * waiting, asks for a resend every `resendMs` (a transfer lost with a server, or never sent yet).
   */
  take(transferId: string, timeout: number, into?: FloatArray): Promise<FloatArray> {
    const got = this.done.get(transferId);
    if (got) {
      this.done.delete(transferId);
      return new Promise((resolve, reject) => deliver(transferId, { into, resolve, reject }, got.data));
    }
    if (into) this.reassembler.into(transferId, bytesOf(into));
    return new Promise((resolve, reject) => {
      const expire = setTimeout(() => {
        this.settle(transferId);
        this.reassembler.forget(transferId);
        reject(new TransferTimeoutError(transferId, timeout));
      }, timeout);
      const timers = [expire];
      const ask = this.resendSubject;
      if (ask) timers.push(setInterval(() => this.transport.publish(ask, encoder.encode(transferId), this.subject), this.resendMs));
      for (const t of timers) t.unref();
      this.waiters.set(transferId, { into, resolve, reject, timers });
    });
  }

  /** Removes and returns the waiter of `id` with its timers stopped. */
  private settle(id: string): Waiter | undefined {
    const w = this.waiters.get(id);
    if (!w) return undefined;
    this.waiters.delete(id);
    for (const t of w.timers) clearTimeout(t);
    return w;
  }

  /** Stops listening and fails every waiter. */
  close(reason: unknown): void {
    this.sub.unsubscribe();
    clearInterval(this.sweeper);
    this.reassembler.close();
    for (const id of [...this.waiters.keys()]) this.settle(id)!.reject(reason);
    this.done.clear();
  }

  private onChunk(bytes: Uint8Array): void {
    const got = receiveChunk(bytes, this.counter, this.reassembler, this.onMalformed);
    if (!got) return;
    const { id, whole } = got;
    const data = frameArray(whole);
    const w = this.settle(id);
    if (!w) return void this.done.set(id, { data, expires: Date.now() + this.keepMs });
    deliver(id, w, data);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, d] of this.done) if (d.expires < now) this.done.delete(id);
  }
}

/** The bytes of a typed array (a view). */
function bytesOf(x: FloatArray): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

/** Resolves `w` with `data`, or with `w.into` holding it (copied unless it is there already). */
function deliver(id: string, w: Pick<Waiter, 'into' | 'resolve' | 'reject'>, data: FloatArray): void {
  const into = w.into;
  if (!into) return w.resolve(data);
  if (data.byteLength !== into.byteLength) return w.reject(new ChunkError(id, `transfer of ${data.byteLength} bytes does not fit the ${into.byteLength}-byte destination`));
  if (data.buffer !== into.buffer || data.byteOffset !== into.byteOffset) bytesOf(into).set(bytesOf(data));
  w.resolve(into);
}
