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
    this.targets.push(target);
    this.envelopes.push(env);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.turn);
    }
  }

  /** True while `target` has a message waiting. */
  holds(target: QueuedTarget): boolean {
    return this.targets.includes(target);
  }

  private readonly turn = (): void => {
    this.scheduled = false;
    const targets = this.targets;
    const envelopes = this.envelopes;
    this.targets = [];
    this.envelopes = [];
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      if (t.open) t.handle(envelopes[i]!);
    }
  };
}
