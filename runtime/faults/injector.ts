/**
 * A seeded fault injector for the simulation bus: installed as {@link Bus.faultHook}, it decides for
 * every delivery (one message to one subscriber) whether to drop it, duplicate it, delay it or reorder
 * it behind the next delivery to the same subscriber. The same seed and the same traffic give the same
 * faults, so a failing property-test case can be replayed.
 *
 * Each delivery draws one number u in [0, 1) and falls into one band, in this order:
 * `[0, drop)` dropped, then `duplicate` delivered twice (the copy after a random delay), then `delay`
 * delivered after a random 0..maxDelayMs ms, then `reorder` held until the next delivery to the same
 * subscriber has gone (or `maxDelayMs`, if none comes). Rates sum to at most 1.
 *
 * @example
 * const inj = new FaultInjector({ seed: 7, drop: 0.02, duplicate: 0.05, delay: 0.1, reorder: 0.05 });
 * const off = inj.install(bus);
 * // ... run operations ...
 * off(); console.log(inj.counts);
 */
import { InvalidParameterError } from '../../operators/core/errors.ts';
import type { Bus, Delivery, FaultHook } from '../transport/Bus.ts';
import { mulberry32 as seededRandom } from '../../operators/core/NDArray.ts';

export interface FaultRates {
  /** Probability that a delivery is lost. @defaultValue 0 */
  drop?: number;
  /** Probability that a delivery arrives twice. @defaultValue 0 */
  duplicate?: number;
  /** Probability that a delivery is late by up to `maxDelayMs`. @defaultValue 0 */
  delay?: number;
  /** Probability that a delivery is overtaken by the next one to the same subscriber. @defaultValue 0 */
  reorder?: number;
  /** Longest delay, ms. @defaultValue 20 */
  maxDelayMs?: number;
}

export interface FaultInjectorOptions extends FaultRates {
  seed: number;
  /** Only deliveries for which this returns true are exposed to faults. @defaultValue all */
  filter?: (d: Delivery) => boolean;
}

/** What the injector did so far. */
export interface FaultCounts {
  seen: number;
  dropped: number;
  duplicated: number;
  delayed: number;
  reordered: number;
}

const RATES = ['drop', 'duplicate', 'delay', 'reorder'] as const;

export class FaultInjector {
  readonly counts: FaultCounts = { seen: 0, dropped: 0, duplicated: 0, delayed: 0, reordered: 0 };
  private readonly random: () => number;
  private readonly bands: number[];
  private readonly maxDelayMs: number;
  /** Deliveries held back per subscriber, released after the next delivery to it. */
  private readonly held = new Map<object, (() => void)[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: FaultInjectorOptions) {
    let sum = 0;
    this.bands = RATES.map((r) => {
      const p = opts[r] ?? 0;
      if (!(p >= 0 && p <= 1)) throw new InvalidParameterError('FaultInjector', r, p, 'a probability in [0, 1]');
      return (sum += p);
    });
    if (sum > 1 + 1e-12) throw new InvalidParameterError('FaultInjector', 'rates', sum, 'a sum of at most 1');
    this.maxDelayMs = opts.maxDelayMs ?? 20;
    this.random = seededRandom(opts.seed);
  }

  /** Installs the hook on `bus`; the returned function removes it and releases everything held. */
  install(bus: Bus): () => void {
    bus.faultHook = this.hook;
    return () => {
      if (bus.faultHook === this.hook) bus.faultHook = undefined;
      this.releaseAll();
    };
  }

  /** The hook itself (for composing with another one). */
  readonly hook: FaultHook = (d, deliver) => {
    if (this.opts.filter && !this.opts.filter(d)) return this.pass(d.target, deliver);
    this.counts.seen++;
    const u = this.random();
    const [drop, dup, delay, reorder] = this.bands;
    if (u < drop) this.counts.dropped++;
    else if (u < dup) {
      this.counts.duplicated++;
      this.pass(d.target, deliver);
      this.later(deliver);
    } else if (u < delay) {
      this.counts.delayed++;
      this.later(deliver);
    } else if (u < reorder) {
      this.counts.reordered++;
      this.hold(d.target, deliver);
    } else this.pass(d.target, deliver);
  };

  /** Delivers now, then whatever was held for this subscriber (it has now been overtaken). */
  private pass(target: object, deliver: () => void): void {
    deliver();
    const waiting = this.held.get(target);
    if (!waiting) return;
    this.held.delete(target);
    for (const w of waiting) w();
  }

  private hold(target: object, deliver: () => void): void {
    let once = false;
    const release = () => {
      if (once) return;
      once = true;
      deliver();
    };
    const list = this.held.get(target);
    if (list) list.push(release);
    else this.held.set(target, [release]);
    this.later(release); // nobody overtakes: it still arrives, late
  }

  private later(fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.floor(this.random() * (this.maxDelayMs + 1)));
    this.timers.add(t);
  }

  private releaseAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const list of this.held.values()) for (const f of list) f();
    this.held.clear();
  }
}
