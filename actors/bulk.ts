/**
 * Bulk data between actors and the driver: a typed array published as frames of at most `CHUNK_BYTES`
 * (NATS refuses payloads over max_payload, 1 MiB by default) on the receiver's data subject, each with
 * `{transferId, index, count, offset}`, and reassembled on arrival. The command that announced the
 * transfer waits for it with a timeout, so a lost chunk is an error, never a hang.
 */
import { type DType, type FloatArray, allocRaw } from '../operators/core/dtype.ts';
import type { Subscription, Transport } from '../runtime/transport/types.ts';
import { TransferTimeoutError } from './errors.ts';
import { decodeFrame, encodeFrame } from './wire.ts';

/** Largest chunk payload in bytes (DESIGN §5: ≤ 512 KiB). */
export const CHUNK_BYTES = 512 * 1024;

interface ChunkHeader {
  t: string; // transferId
  i: number; // index
  n: number; // count
  o: number; // offset (numbers)
  len: number; // total numbers
  d: DType;
}

/** Publishes `data` to `subject` as chunks of transfer `transferId`. */
export function sendBulk(transport: Transport, subject: string, transferId: string, data: FloatArray, dtype: DType): void {
  const per = Math.max(1, Math.floor(Math.min(CHUNK_BYTES, transport.maxPayload - 4096) / data.BYTES_PER_ELEMENT));
  const count = Math.max(1, Math.ceil(data.length / per));
  for (let i = 0; i < count; i++) {
    const o = i * per;
    const h: ChunkHeader = { t: transferId, i, n: count, o, len: data.length, d: dtype };
    transport.publish(subject, encodeFrame(h, data.subarray(o, Math.min(data.length, o + per))));
  }
}

interface Pending {
  data?: FloatArray;
  received: number;
  count: number;
  seen: Set<number>;
  waiters: { resolve: (d: FloatArray) => void; reject: (e: unknown) => void; timer?: NodeJS.Timeout }[];
  done: boolean;
  expires: number;
}

/** Reassembles transfers arriving on one data subject. */
export class BulkInbox {
  private readonly pending = new Map<string, Pending>();
  private readonly sub: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  /** Malformed chunks dropped so far. */
  malformed = 0;

  /**
   * @param keepMs how long a completed transfer nobody asked for yet is kept
   * @param onMalformed called for each undecodable chunk (for the actor's log)
   */
  constructor(transport: Transport, readonly subject: string, private readonly keepMs = 60_000, private readonly onMalformed?: (e: unknown) => void) {
    this.sub = transport.subscribe(subject, (m) => this.onChunk(m.data));
    this.sweeper = setInterval(() => this.sweep(), Math.min(keepMs, 10_000));
    this.sweeper.unref();
  }

  /** Resolves with the transfer's data once all its chunks arrived; TransferTimeoutError after `timeout` ms. */
  take(transferId: string, timeout: number): Promise<FloatArray> {
    const p = this.entry(transferId);
    if (p.done) {
      this.pending.delete(transferId);
      return Promise.resolve(p.data!);
    }
    return new Promise((resolve, reject) => {
      const w: Pending['waiters'][number] = { resolve, reject };
      w.timer = setTimeout(() => {
        p.waiters.splice(p.waiters.indexOf(w), 1);
        reject(new TransferTimeoutError(transferId, timeout));
      }, timeout);
      w.timer.unref();
      p.waiters.push(w);
    });
  }

  /** Stops listening and fails every waiter. */
  close(reason: unknown): void {
    this.sub.unsubscribe();
    clearInterval(this.sweeper);
    for (const p of this.pending.values()) for (const w of p.waiters) (clearTimeout(w.timer), w.reject(reason));
    this.pending.clear();
  }

  private entry(id: string): Pending {
    let p = this.pending.get(id);
    if (!p) {
      p = { received: 0, count: -1, seen: new Set(), waiters: [], done: false, expires: Date.now() + this.keepMs };
      this.pending.set(id, p);
    }
    return p;
  }

  private onChunk(bytes: Uint8Array): void {
    let h: ChunkHeader;
    let payload: FloatArray | undefined;
    try {
      ({ header: h, payload } = decodeFrame<ChunkHeader>(bytes));
      if (typeof h.t !== 'string' || !payload || !(h.o + payload.length <= h.len)) throw new TypeError('bad chunk header');
    } catch (e) {
      this.malformed++;
      this.onMalformed?.(e);
      return;
    }
    const p = this.entry(h.t);
    if (p.done || p.seen.has(h.i)) return; // a duplicate chunk
    p.seen.add(h.i);
    p.count = h.n;
    p.data ??= allocRaw(h.d, h.len); // always a copy: received buffers may be views the transport reuses
    p.data.set(payload, h.o);
    if (++p.received < p.count) return;
    p.done = true;
    p.seen.clear();
    if (p.waiters.length) {
      this.pending.delete(h.t);
      for (const w of p.waiters) (clearTimeout(w.timer), w.resolve(p.data!));
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, p] of this.pending) if (p.waiters.length === 0 && p.expires < now) this.pending.delete(id);
  }
}
