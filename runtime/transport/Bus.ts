/**
 * The shared router of the in-process transport: one `Bus` stands for one NATS server (or cluster).
 * Several {@link InProcessBus} transports on the same `Bus` behave like several processes connected to
 * that server. The bus routes; its one {@link DeliveryQueue} (`deliveries`) holds what the
 * subscriptions of every transport on it have to handle, delivered asynchronously in FIFO turns.
 *
 * Routing follows NATS: every plain subscriber whose pattern matches gets the message; subscribers that
 * share a queue group name *and* pattern form a group, and exactly one member of each group gets it
 * (round-robin here, random in nats-server; either way exactly one).
 *
 * Fault injection: {@link Bus.faultHook} sees every delivery (one message to one subscriber) and decides
 * when and how often to call `deliver` – never (drop), twice (duplicate), later (delay), or after a later
 * delivery (reorder). Interest is decided before the hook, as the server does, so a dropped request is
 * a timeout, not a no-responders error.
 */
import { DeliveryQueue } from './DeliveryQueue.ts';
import { hasWildcard, matchTokens, parseSubject } from './subject.ts';

/** What travels on the bus. `data` is shared, never copied: receivers must not mutate it. */
export interface Envelope {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly reply?: string;
}

/** The receiving end of a subscription as the bus sees it. */
export interface BusSubscriber {
  /** The pattern subscribed to (wildcards allowed). */
  readonly subject: string;
  readonly queue?: string;
  /** Which transport holds the subscription (for fault injectors that target a "process"). */
  readonly owner: string;
  /** Queues the envelope for asynchronous delivery. */
  enqueue(env: Envelope): void;
}

/** One message on its way to one subscriber. */
export interface Delivery {
  readonly envelope: Envelope;
  readonly target: BusSubscriber;
}

/** Decides the fate of a delivery; calls `deliver` zero or more times, now or later. */
export type FaultHook = (delivery: Delivery, deliver: () => void) => void;

interface Entry {
  readonly sub: BusSubscriber;
  /** The pattern's tokens (wildcard patterns only). */
  readonly tokens?: string[];
  readonly groupKey?: string;
}

export class Bus {
  /** Intercepts every delivery when set (see the class comment). */
  faultHook: FaultHook | undefined = undefined;
  /** The queue every subscription on this bus delivers through. */
  readonly deliveries = new DeliveryQueue();
  private readonly literal = new Map<string, Entry[]>();
  private readonly wild: Entry[] = [];
  private readonly entries = new Map<BusSubscriber, Entry>();
  private readonly nextInGroup = new Map<string, number>();
  private ownerCount = 0;

  /** A fresh id for a transport joining this bus. */
  newOwner(): string {
    return `p${++this.ownerCount}`;
  }

  /** Adds a subscription; `literal` skips parsing a subject known to be literal (a generated inbox). */
  add(sub: BusSubscriber, literal = false): void {
    const tokens = literal ? undefined : parseSubject(sub.subject, true);
    const wild = tokens !== undefined && hasWildcard(tokens);
    const entry: Entry = { sub, tokens: wild ? tokens : undefined, groupKey: sub.queue === undefined ? undefined : `${sub.subject}\u0000${sub.queue}` };
    this.entries.set(sub, entry);
    if (wild) this.wild.push(entry);
    else {
      const list = this.literal.get(sub.subject);
      if (list) list.push(entry);
      else this.literal.set(sub.subject, [entry]);
    }
  }

  remove(sub: BusSubscriber): void {
    const entry = this.entries.get(sub);
    if (!entry) return;
    this.entries.delete(sub);
    const list = entry.tokens ? this.wild : this.literal.get(sub.subject)!;
    list.splice(list.indexOf(entry), 1);
    if (list.length === 0 && list !== this.wild) this.literal.delete(sub.subject);
  }

  /** Number of subscriptions on the bus (all transports). */
  get size(): number {
    return this.entries.size;
  }

  /** Routes `env` to its subscribers; returns how many deliveries were made (0: no interest). */
  route(env: Envelope): number {
    const matched = this.match(env.subject);
    let groups: Map<string, Entry[]> | undefined;
    let count = 0;
    for (const e of matched) {
      if (e.groupKey === undefined) {
        this.deliver(env, e.sub);
        count++;
      } else {
        groups ??= new Map();
        const g = groups.get(e.groupKey);
        if (g) g.push(e);
        else groups.set(e.groupKey, [e]);
      }
    }
    if (groups) {
      for (const [key, members] of groups) {
        const i = this.nextInGroup.get(key) ?? 0;
        this.nextInGroup.set(key, i + 1);
        this.deliver(env, members[i % members.length]!.sub);
        count++;
      }
    }
    return count;
  }

  private match(subject: string): Entry[] {
    const lit = this.literal.get(subject);
    if (this.wild.length === 0) return lit ? lit.slice() : [];
    const tokens = subject.split('.');
    const out = lit ? lit.slice() : [];
    for (const e of this.wild) if (matchTokens(e.tokens!, tokens)) out.push(e);
    return out;
  }

  private deliver(envelope: Envelope, target: BusSubscriber): void {
    const hook = this.faultHook;
    if (hook === undefined) target.enqueue(envelope);
    else hook({ envelope, target }, () => target.enqueue(envelope));
  }
}
