/**
 * The one delivery scheduler of a {@link Bus}: every message queued for any subscription on the bus
 * waits in one FIFO, and one `setImmediate` per turn hands out what was queued before the turn began
 * (later messages wait for the next turn, so timers and I/O run between turns and a handler that
 * publishes cannot recurse). One FIFO keeps each publisher's order for every receiver; one timer per
 * turn instead of one per subscription saves a macrotask per busy subscription.
 */
import type { Envelope } from './Bus.ts';

/** A receiver of queued deliveries. */
export interface QueuedTarget {
  /** False once unsubscribed: its queued messages are then dropped. */
  readonly open: boolean;
  /** Messages of this target waiting in the queue (kept by the queue). */
  queued: number;
  /** Handles one message (called from the queue's turn, never inside `push`). */
  handle(env: Envelope): void;
}

export class DeliveryQueue {
  private targets: QueuedTarget[] = [];
  private envelopes: Envelope[] = [];
  private scheduled = false;

  /** Messages waiting for a turn. */
  get size(): number {
    return this.targets.length;
  }

  push(target: QueuedTarget, env: Envelope): void {
    target.queued++;
    this.targets.push(target);
    this.envelopes.push(env);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    const targets = this.targets;
    const envelopes = this.envelopes;
    this.targets = [];
    this.envelopes = [];
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      t.queued--;
      if (t.open) t.handle(envelopes[i]!);
    }
  };
}
