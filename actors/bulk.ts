/**
 * Bulk data between actors and the driver: a typed array published as chunk frames of runtime/framing
 * (≤ 512 KiB each, `{transferId, index, count, offset, total}`) on the receiver's data subject, and
 * reassembled on arrival with one copy per chunk: into the receiver's own destination when it named one
 * before the first chunk arrived (`take(id, timeout, into)`, e.g. the rows of a gathered array), else
 * into a fresh aligned buffer (so the array is a view, no second copy). All chunks are published at
 * once (the NATS client writes each as it comes; nothing awaits per chunk). The command that announced
 * a transfer waits for it with a timeout, so a lost chunk is an error, never a hang.
 */
import { type DType, type FloatArray, isComplex } from '../operators/core/dtype.ts';
import { DEFAULT_CHUNK_BYTES, chunkFrames } from '../runtime/framing/chunk.ts';
import { tryDecodeFrame } from '../runtime/framing/decode.ts';
import { ChunkError, FrameError, FrameErrorCounter } from '../runtime/framing/errors.ts';
import { frameArray } from '../runtime/framing/frame.ts';
import { Reassembler } from '../runtime/framing/Reassembler.ts';
import type { Subscription, Transport } from '../runtime/transport/types.ts';
import { TransferTimeoutError } from './errors.ts';

/** Room left in each publish for the frame header. */
const HEADER_ROOM = 4096;

/** Publishes `data` to `subject` as the chunks of transfer `transferId`. */
export function sendBulk(transport: Transport, subject: string, transferId: string, data: FloatArray, dtype: DType): void {
  const maxChunkBytes = Math.min(DEFAULT_CHUNK_BYTES, transport.maxPayload - HEADER_ROOM);
  const meta = { kind: 'data', dtype, shape: [isComplex(dtype) ? data.length / 2 : data.length] };
  // each chunk is encoded just before its publish (the client packs and writes it at once), not all first
  for (const f of chunkFrames(meta, data, { transferId, maxChunkBytes })) transport.publish(subject, f);
}

interface Waiter {
  into?: FloatArray;
  resolve(d: FloatArray): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

/** Receives transfers on one data subject and hands each to whoever `take`s it. */
export class BulkInbox {
  readonly counter = new FrameErrorCounter();
  private readonly done = new Map<string, { data: FloatArray; expires: number }>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly reassembler: Reassembler;
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;

  /**
   * @param keepMs how long a completed transfer nobody asked for yet is kept
   * @param onMalformed told about each rejected chunk (for the actor's log)
   */
  constructor(transport: Transport, readonly subject: string, private readonly keepMs = 60_000, private readonly onMalformed?: (e: unknown) => void) {
    this.reassembler = new Reassembler({ counter: this.counter, timeout: keepMs, onIncomplete: (e) => onMalformed?.(e) });
    this.sub = transport.subscribe(subject, (m) => this.onChunk(m.data));
    this.sweeper = setInterval(() => this.sweep(), Math.min(keepMs, 10_000));
    this.sweeper.unref();
  }

  /**
   * Resolves with the transfer's data once all its chunks arrived; TransferTimeoutError after `timeout`
   * ms. With `into` (as many numbers as the transfer) the data lands there – straight from the chunks
   * when the transfer has not started yet, else by one copy – and the result is `into` itself.
   */
  take(transferId: string, timeout: number, into?: FloatArray): Promise<FloatArray> {
    const got = this.done.get(transferId);
    if (got) {
      this.done.delete(transferId);
      return new Promise((resolve, reject) => deliver(transferId, { into, resolve, reject }, got.data));
    }
    if (into) this.reassembler.into(transferId, bytesOf(into));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(transferId);
        this.reassembler.forget(transferId);
        reject(new TransferTimeoutError(transferId, timeout));
      }, timeout);
      timer.unref();
      this.waiters.set(transferId, { into, resolve, reject, timer });
    });
  }

  /** Stops listening and fails every waiter. */
  close(reason: unknown): void {
    this.sub.unsubscribe();
    clearInterval(this.sweeper);
    this.reassembler.close();
    for (const w of this.waiters.values()) (clearTimeout(w.timer), w.reject(reason));
    this.waiters.clear();
    this.done.clear();
  }

  private onChunk(bytes: Uint8Array): void {
    const frame = tryDecodeFrame(bytes, this.counter);
    if (frame instanceof FrameError) return this.onMalformed?.(frame);
    let whole;
    try {
      whole = this.reassembler.accept(frame);
    } catch (e) {
      return this.onMalformed?.(e);
    }
    const id = frame.header.chunk?.transferId;
    if (!whole || id === undefined) return;
    const data = frameArray(whole);
    const w = this.waiters.get(id);
    if (!w) return void this.done.set(id, { data, expires: Date.now() + this.keepMs });
    this.waiters.delete(id);
    clearTimeout(w.timer);
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
