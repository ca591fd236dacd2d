/**
 * The halo mailbox of a partition actor: halo bundles travel on `lops.<cluster>.halo.<actor>`
 * (runtime/cluster/subjects.ts), apart from the bulk data of the data subject. One mailbox per actor
 * subject and transport, subscribed once (by the first stencil command of the actor, or by
 * `ops.halo.open`, which the driver sends before an actor's first stencil):
 *
 * - a bundle is a chunked transfer (actors/bulk.ts publishBulk) keyed by its transfer id; chunks are
 *   reassembled (runtime/framing Reassembler), and a bundle that arrives before its command waits for it
 *   is kept until taken (at most KEEP_EARLY, the oldest dropped first);
 * - a second copy of a bundle is dropped (the Reassembler remembers finished transfers), so a re-run of
 *   a command that sends the same transfer ids again is harmless;
 * - every bundle sent is remembered for a while (the last KEEP_SENT); a receiver still waiting after
 *   `resendMs` publishes a resend request (its own subject as `reply`, the transfer id as payload) to
 *   the sender's halo subject, and the sender's mailbox sends that bundle again. This covers a bundle
 *   published before the receiver had subscribed (NATS drops it) and a lost message (NATS is
 *   at-most-once); TransferTimeoutError after the command's timeout.
 *
 * @example
 * const box = haloMailbox(ctx);
 * box.send(haloSubject(ctx.cluster, 'w1'), 'y7s0:w0>w1', slabs, 'float64');
 * const got = await box.take('y7s0:w1>w0', haloSubject(ctx.cluster, 'w1'), 30_000);
 */
import type { DType, FloatArray } from '../../operators/core/dtype.ts';
import { receiveChunk } from '../../runtime/framing/decode.ts';
import { FrameErrorCounter } from '../../runtime/framing/errors.ts';
import { frameArray } from '../../runtime/framing/frame.ts';
import { Reassembler } from '../../runtime/framing/Reassembler.ts';
import { haloSubject } from '../../runtime/cluster/subjects.ts';
import type { Message, Transport } from '../../runtime/transport/types.ts';
import { publishBulk } from '../bulk.ts';
import { TransferTimeoutError } from '../errors.ts';
import { type ActorContext, registerCommand } from '../registry.ts';

/** Bundles kept per mailbox: received and not yet taken, and sent (for resends; the last apply's matter). */
const KEEP_EARLY = 256;
const KEEP_SENT = 32;
/** A receiver asks for a resend after waiting this long, and again at this interval. @defaultValue 500 */
export const RESEND_MS = 500;

interface Waiter {
  resolve(d: FloatArray): void;
  reject(e: unknown): void;
  timers: NodeJS.Timeout[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class HaloMailbox {
  readonly counter = new FrameErrorCounter();
  /** Resend requests answered (for tests and logs). */
  resent = 0;
  private readonly early = new Map<string, FloatArray>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly sent = new Map<string, { subject: string; data: FloatArray; dtype: DType }>();
  private readonly reassembler: Reassembler;

  constructor(
    private readonly transport: Transport,
    readonly subject: string,
    private readonly onMalformed?: (e: unknown) => void,
  ) {
    this.reassembler = new Reassembler({ counter: this.counter, onIncomplete: (e) => onMalformed?.(e) });
    transport.subscribe(subject, (m) => (m.reply ? this.onResend(m) : this.onChunk(m.data)));
  }

  /** Publishes a bundle to `subject` (a neighbour's halo subject) and remembers it for resends. */
  send(subject: string, transferId: string, data: FloatArray, dtype: DType): void {
    publishBulk(this.transport, subject, transferId, data, dtype);
    keep(this.sent, KEEP_SENT, transferId, { subject, data, dtype });
  }

  /**
   * The bundle `transferId` sent by the mailbox at `from`: at once when it arrived already; else when
   * it arrives (asking `from` to resend it every `resendMs`); TransferTimeoutError after `timeout` ms.
   */
  take(transferId: string, from: string, timeout: number, resendMs = RESEND_MS): Promise<FloatArray> {
    const got = this.early.get(transferId);
    if (got) {
      this.early.delete(transferId);
      return Promise.resolve(got);
    }
    return new Promise((resolve, reject) => {
      const ask = setInterval(() => {
        try {
          this.transport.publish(from, encoder.encode(transferId), this.subject);
        } catch {
          // transport closed while waiting: the expiry timer rejects this take
        }
      }, resendMs);
      const expire = setTimeout(() => {
        this.settle(transferId);
        reject(new TransferTimeoutError(transferId, timeout));
      }, timeout);
      for (const t of [ask, expire]) t.unref();
      this.waiters.set(transferId, { resolve, reject, timers: [ask, expire] });
    });
  }

  private onChunk(bytes: Uint8Array): void {
    const got = receiveChunk(bytes, this.counter, this.reassembler, this.onMalformed);
    if (!got) return;
    const { id, whole } = got;
    const w = this.settle(id);
    if (w) w.resolve(frameArray(whole));
    else keep(this.early, KEEP_EARLY, id, frameArray(whole));
  }

  private onResend(m: Message): void {
    const id = decoder.decode(m.data);
    const s = this.sent.get(id);
    if (!s || s.subject !== m.reply) return;
    this.resent++;
    publishBulk(this.transport, s.subject, id, s.data, s.dtype);
  }

  /** Removes and returns the waiter of `id` with its timers stopped. */
  private settle(id: string): Waiter | undefined {
    const w = this.waiters.get(id);
    if (!w) return undefined;
    this.waiters.delete(id);
    for (const t of w.timers) clearTimeout(t);
    return w;
  }
}

/** Inserts into a map that keeps its `size` newest entries. */
function keep<V>(map: Map<string, V>, size: number, key: string, value: V): void {
  map.set(key, value);
  if (map.size > size) map.delete(map.keys().next().value!);
}

const boxes = new WeakMap<Transport, Map<string, HaloMailbox>>();

/** The halo mailbox of the actor of `ctx`, subscribed on first use. */
export function haloMailbox(ctx: ActorContext): HaloMailbox {
  const subject = haloSubject(ctx.cluster, ctx.actor);
  let byTransport = boxes.get(ctx.transport);
  if (!byTransport) boxes.set(ctx.transport, (byTransport = new Map()));
  let box = byTransport.get(subject);
  if (!box) byTransport.set(subject, (box = new HaloMailbox(ctx.transport, subject, (e) => ctx.log.warn({ err: e, subject }, 'malformed halo chunk'))));
  return box;
}

/** Subscribes the actor's halo mailbox; replies once the subscription reached the server. */
registerCommand<Record<string, never>>('ops.halo.open', {
  arrays: () => [],
  run: async (ctx) => {
    haloMailbox(ctx);
    await ctx.transport.flush();
    return null;
  },
});
