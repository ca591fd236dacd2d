/**
 * A partition actor: a long-lived holder of blocks of distributed arrays, behind the subjects
 * `lops.<cluster>.ctl.<actor>` (commands, request/reply) and `lops.<cluster>.data.<actor>` (bulk data).
 *
 * - Commands come from the registry (registry.ts), so new protocols plug in without touching this file.
 * - Mailbox order is kept per array: a command starts after every earlier command on any of its arrays.
 * - Every command carries an idempotency key; a duplicate is answered from a bounded cache of recent
 *   replies (or joins the run in progress) and is never applied twice. A failure that a retry can fix
 *   (a transfer or halo timeout, a transport error: RETRYABLE) is not cached: a copy re-sent under the
 *   same key runs again, even after its sequence turn has passed.
 * - Commands carrying a sequence number run in their sender's order even when delivered out of order
 *   (sequencer.ts), so a re-sent, delayed or reordered command never runs before its predecessors.
 * - Each incarnation has an epoch, carried in every reply; a command expecting another epoch is refused.
 * - A malformed message is logged, counted and dropped (answered with an error when it has a reply
 *   subject); it never crashes the actor.
 * - Long runs yield to the event loop between commands so heartbeats and transport I/O keep flowing.
 */
import { hostname } from 'node:os';
import type { DType } from '../operators/core/dtype.ts';
import { dataSubject, ctlSubject } from '../runtime/cluster/subjects.ts';
import { startHeartbeat } from '../runtime/cluster/membership.ts';
import type { Message, Subscription, Transport } from '../runtime/transport/types.ts';
import { BulkInbox } from './bulk.ts';
import { ProtocolError, UnknownArrayError } from './errors.ts';
import { childLogger, type Logger } from './logger.ts';
import { type CommandHeader, type ReplyHeader, malformedCommand, newEpoch } from './protocol.ts';
import { type ActorContext, type ArrayPart, type Block, lookupCommand } from './registry.ts';
import { CommandSequencer } from './sequencer.ts';
import { decodeMessage, encodeMessage } from './wire.ts';
import './commands/index.ts';

export interface PartitionActorOptions {
  transport: Transport;
  cluster: string;
  /** Actor name: one subject token. */
  actor: string;
  /** Replies kept for duplicate detection. @defaultValue 1024 */
  dedupeCapacity?: number;
  /** Heartbeat period in ms; 0 = none (simulation). @defaultValue 0 */
  heartbeatMs?: number;
  /** Time slice after which the mailbox yields to the event loop, ms. @defaultValue 8 */
  sliceMs?: number;
  /** How long a command waits for a missing earlier one of its sender before the gap is given up, ms. @defaultValue 60000 */
  sequenceGapMs?: number;
}

/** Failures a re-run of the same command can fix: the reply is sent but not kept for duplicates. */
export const RETRYABLE = new Set(['TransferTimeoutError', 'TransferIncompleteError', 'TransportError', 'RequestTimeoutError', 'NoRespondersError']);

/** Counters an actor keeps about its mailbox. */
export interface ActorStats {
  handled: number;
  duplicates: number;
  malformed: number;
  failed: number;
  /** Commands that arrived before an earlier one of their sender and waited for it. */
  held: number;
  /** Commands refused because their turn had passed (a given-up gap, or an evicted duplicate). */
  stale: number;
}

export class PartitionActor {
  readonly epoch = newEpoch();
  readonly cluster: string;
  readonly name: string;
  readonly log: Logger;
  readonly stats: ActorStats = { handled: 0, duplicates: 0, malformed: 0, failed: 0, held: 0, stale: 0 };
  private readonly transport: Transport;
  private readonly arrays = new Map<string, ArrayPart>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly replies = new Map<string, Promise<Uint8Array>>();
  /** Keys whose run failed with a RETRYABLE error: a copy runs again, whatever its sequence turn. */
  private readonly retryable = new Set<string>();
  private readonly inbox: BulkInbox;
  private readonly sub: Subscription;
  private readonly stopHeartbeat: () => void;
  private readonly ctx: ActorContext;
  private readonly sequencer: CommandSequencer;
  /** Start of the current run of commands without a turn of the event loop (ms), or -1 between turns. */
  private sliceStart = -1;

  constructor(private readonly opts: PartitionActorOptions) {
    this.transport = opts.transport;
    this.cluster = opts.cluster;
    this.name = opts.actor;
    this.log = childLogger({ cluster: this.cluster, actor: this.name, epoch: this.epoch });
    this.inbox = new BulkInbox(this.transport, dataSubject(this.cluster, this.name), 60_000, (e) => this.malformed('data', e));
    this.sub = this.transport.subscribe(ctlSubject(this.cluster, this.name), (m) => this.onMessage(m));
    this.ctx = this.context();
    this.sequencer = new CommandSequencer(opts.sequenceGapMs ?? 60_000);
    const hb = opts.heartbeatMs ?? 0;
    this.stopHeartbeat = hb > 0 ? startHeartbeat(this.transport, this.cluster, { actor: this.name, epoch: this.epoch, pid: process.pid, host: hostname() }, hb) : () => {};
    this.log.info('actor started');
  }

  /** Number of arrays this actor holds blocks of. */
  get arrayCount(): number {
    return this.arrays.size;
  }

  /** Stops listening; pending commands finish, new ones get no responder. */
  stop(): void {
    this.stopHeartbeat();
    this.sub.unsubscribe();
    this.sequencer.close();
    this.inbox.close(new ProtocolError(dataSubject(this.cluster, this.name), 'actor stopped'));
    this.log.info(this.stats, 'actor stopped');
  }

  private onMessage(msg: Message): void {
    let h: CommandHeader;
    try {
      h = decodeMessage<CommandHeader>(msg.data);
    } catch (e) {
      return this.malformed(msg.subject, e, msg);
    }
    const bad = malformedCommand(h);
    if (bad) return this.malformed(msg.subject, new ProtocolError(msg.subject, bad), msg);
    this.accept(h, msg);
  }

  /**
   * A well-formed command: first its turn among its sender's commands (held until then); then answered
   * from the cache (a re-sent copy), refused (stale, unknown, other epoch), or run.
   */
  private accept(h: CommandHeader, msg: Message): void {
    const stream = h.s === undefined ? undefined : `${h.f}|${h.e ?? ''}`;
    const turn = stream === undefined ? 'now' : this.sequencer.admit(stream, h.s!, () => this.accept(h, msg));
    if (turn === 'held') return void this.stats.held++;
    this.dispatch(h, msg, turn === 'stale');
    if (stream !== undefined && turn === 'now') this.sequencer.release(stream);
  }

  private dispatch(h: CommandHeader, msg: Message, stale: boolean): void {
    const cached = this.replies.get(h.k);
    if (cached) {
      this.stats.duplicates++;
      this.log.debug({ key: h.k, command: h.c }, 'duplicate command answered from cache');
      void cached.then((r) => msg.respond(r));
      return;
    }
    if (this.retryable.delete(h.k)) this.log.debug({ key: h.k, command: h.c }, 'command re-run after a retryable failure');
    else if (stale) {
      this.stats.stale++;
      msg.respond(this.reply(h.k, false, { name: 'ProtocolError', message: `command ${h.s} of ${h.f} came after its turn was given up` }));
      return;
    }
    const def = lookupCommand(h.c);
    if (!def) return this.malformed(msg.subject, new ProtocolError(msg.subject, `unknown command \`${h.c}\``), msg);
    if (h.e !== undefined && h.e !== this.epoch) {
      msg.respond(this.reply(h.k, false, { name: 'ActorRestartedError', message: `expected epoch ${h.e}; this is ${this.epoch}` }));
      return;
    }
    let arrays: readonly string[];
    try {
      arrays = def.arrays(h.a);
    } catch (e) {
      return this.malformed(msg.subject, e, msg);
    }
    const reply = this.enqueue(arrays, () => this.run(h, () => def.run(this.ctx, h.a)));
    this.remember(h.k, reply);
    void reply.then((r) => msg.respond(r));
  }

  /** Forgets the cached failure of `k` (a retry may fix it): its next copy runs again. */
  private forgetFailure(k: string): void {
    this.replies.delete(k);
    this.retryable.add(k);
    const cap = this.opts.dedupeCapacity ?? 1024;
    while (this.retryable.size > cap) this.retryable.delete(this.retryable.values().next().value!);
  }

  /** Runs `task` after every earlier task on any of `arrays`. */
  private enqueue(arrays: readonly string[], task: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const before = arrays.map((a) => this.tails.get(a)).filter((p): p is Promise<void> => p !== undefined);
    const result = (before.length ? Promise.all(before) : Promise.resolve()).then(task);
    const done = result.then(() => undefined);
    for (const a of arrays) {
      this.tails.set(a, done);
      void done.then(() => {
        if (this.tails.get(a) === done) this.tails.delete(a);
      });
    }
    return result;
  }

  private async run(h: CommandHeader, fn: () => unknown): Promise<Uint8Array> {
    await this.maybeYield();
    try {
      const r = await fn();
      this.stats.handled++;
      this.log.trace({ key: h.k, command: h.c }, 'command done');
      return this.reply(h.k, true, r);
    } catch (e) {
      this.stats.failed++;
      const err = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
      this.log.warn({ key: h.k, command: h.c, err: err.message }, 'command failed');
      if (RETRYABLE.has(err.name)) this.forgetFailure(h.k);
      return this.reply(h.k, false, err);
    }
  }

  /** Yields when this turn of the event loop has run commands for longer than `sliceMs`. */
  private async maybeYield(): Promise<void> {
    const now = performance.now();
    if (this.sliceStart < 0) {
      this.sliceStart = now;
      setImmediate(() => (this.sliceStart = -1));
    } else if (now - this.sliceStart > (this.opts.sliceMs ?? 8)) await this.ctx.yield();
  }

  private reply(k: string, ok: boolean, body: unknown): Uint8Array {
    const h: ReplyHeader = ok ? { k, e: this.epoch, ok, r: body ?? null } : { k, e: this.epoch, ok, err: body as ReplyHeader['err'] };
    return encodeMessage(h);
  }

  private remember(k: string, reply: Promise<Uint8Array>): void {
    this.replies.set(k, reply);
    const cap = this.opts.dedupeCapacity ?? 1024;
    while (this.replies.size > cap) this.replies.delete(this.replies.keys().next().value!);
  }

  private malformed(subject: string, e: unknown, msg?: Message): void {
    this.stats.malformed++;
    const reason = e instanceof Error ? e.message : String(e);
    this.log.warn({ subject, reason }, 'malformed message dropped');
    if (msg?.reply) msg.respond(encodeMessage({ e: this.epoch, ok: false, err: { name: 'ProtocolError', message: reason } } satisfies ReplyHeader));
  }

  private context(): ActorContext {
    const self = this;
    return {
      cluster: this.cluster,
      actor: this.name,
      epoch: this.epoch,
      transport: this.transport,
      log: this.log,
      part(array: string): ArrayPart {
        const p = self.arrays.get(array);
        if (!p) throw new UnknownArrayError(self.name, array);
        return p;
      },
      block(array: string, block: number): Block {
        const b = this.part(array).blocks.get(block);
        if (!b) throw new UnknownArrayError(self.name, array, block);
        return b;
      },
      setBlock(array: string, dtype: DType, block: number, value: Block): void {
        let p = self.arrays.get(array);
        if (!p) self.arrays.set(array, (p = { dtype, blocks: new Map() }));
        p.blocks.set(block, value);
      },
      free: (array: string) => this.arrays.delete(array),
      takeTransfer: (id: string, timeout: number) => this.inbox.take(id, timeout),
      yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
    };
  }
}
