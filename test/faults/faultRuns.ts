/**
 * One run of a distributed workload under seeded message faults, on a fresh simulated cluster: it ends
 * with the workload's arrays, or with a timeout (the only failure a lost message may cause); any other
 * error fails the property. Shared by the message-fault property tests of operators and solvers.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { ClusterCore } from '../../actors/ClusterCore.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import type { NDArray } from '../../operators/core/NDArray.ts';
import type { InProcessBusOptions } from '../../runtime/transport/InProcessBus.ts';
import { FaultInjector, type FaultRates } from '../../runtime/faults/injector.ts';
import { isTimeout, simCluster } from './simCluster.ts';

/** A mix of faults and the driver settings it runs with. */
export interface FaultMix {
  name: string;
  rates: FaultRates;
  /** Per-command and per-transfer timeout, ms. */
  timeout: number;
  /** Driver re-sends unanswered commands under the same key after this many ms. */
  resendAfterMs?: number;
  /** Every run must give the exact answer (the protocols repair every fault of the mix in time). */
  exact: boolean;
}

/**
 * The fault mixes of the operator and solver property tests. The protocols repair drops when given
 * time: the driver re-sends an unanswered command under its key (`resendAfterMs`), a receiver still
 * missing a halo bundle or a bulk transfer asks its sender again every 500 ms (actors/ops/haloMailbox.ts,
 * actors/bulk.ts). A transfer lost again and again outlives any timeout: at 1 % (the data, the request
 * and the resend each) and 4 s (7 asks) that is ~1e-14 per transfer.
 */
export const MIXES: FaultMix[] = [
  { name: 'duplicates', rates: { duplicate: 0.3 }, timeout: 2000, exact: true },
  { name: 'delays and reorders', rates: { delay: 0.3, reorder: 0.3, maxDelayMs: 5 }, timeout: 2000, exact: true },
  { name: 'drops, with timeouts shorter than the resend requests and no re-sending', rates: { drop: 0.01 }, timeout: 150, exact: false },
  { name: 'all four at once, with re-sending (driver after 40 ms, receivers after 500 ms)', rates: { drop: 0.01, duplicate: 0.1, delay: 0.1, reorder: 0.1, maxDelayMs: 5 }, timeout: 4000, resendAfterMs: 40, exact: true },
];

export interface FaultRun {
  outcome: 'ok' | 'timeout';
  arrays?: NDArray[];
  faults: number;
  /** Of which drops. */
  dropped: number;
}

/** Runs `work` on `partitions` simulated actors (connections with `transport` options) with the faults of `mix` drawn from `seed`. */
export async function underFaults(partitions: number, mix: FaultMix, seed: number, work: (c: ClusterCore) => Promise<NDArray[]>, transport: InProcessBusOptions = {}): Promise<FaultRun> {
  const c = simCluster(partitions, { timeout: mix.timeout, resendAfterMs: mix.resendAfterMs }, transport);
  const injector = new FaultInjector({ seed, ...mix.rates, maxDelayMs: mix.rates.maxDelayMs ?? 10 });
  const off = injector.install(c.bus);
  const faults = () => injector.counts.dropped + injector.counts.duplicated + injector.counts.delayed + injector.counts.reordered;
  let timedOut = false;
  try {
    return { outcome: 'ok', arrays: await work(c.core), faults: faults(), dropped: injector.counts.dropped };
  } catch (e) {
    if (!isTimeout(e)) throw e;
    timedOut = true;
    return { outcome: 'timeout', faults: faults(), dropped: injector.counts.dropped };
  } finally {
    off();
    // A halo take still waiting keeps asking for a resend until its own timeout, and its timer throws
    // TransportClosedError (uncaught) if the transport closed first (actors/ops/haloMailbox.ts): let
    // those waits expire before closing.
    if (timedOut) await new Promise((r) => setTimeout(r, mix.timeout + 50));
    await c.close();
  }
}

/** The fault-free result of `work` on `partitions` simulated actors. */
export async function faultFree(partitions: number, work: (c: ClusterCore) => Promise<NDArray[]>, transport: InProcessBusOptions = {}): Promise<NDArray[]> {
  const c = simCluster(partitions, {}, transport);
  try {
    return await work(c.core);
  } finally {
    await c.close();
  }
}

/** Same dtypes, shapes and bits (not just values: -0 and 0 differ, NaN payloads count). */
export function sameBits(a: readonly NDArray[], b: readonly NDArray[]): boolean {
  return a.length === b.length && a.every((x, i) => x.dtype === b[i].dtype && x.shape.join() === b[i].shape.join() && bytes(x.data).equals(bytes(b[i].data)));
}

const bytes = (x: FloatArray) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/**
 * Counts the promise rejections nobody handled while the returned watcher is on (call it to stop and
 * read). An unhandled rejection crashes a plain Node process, so a lost message must never cause one.
 */
export function watchUnhandled(): () => unknown[] {
  const seen: unknown[] = [];
  const on = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', on);
  return () => {
    process.off('unhandledRejection', on);
    return seen;
  };
}

/** Tally of a property: runs that resolved exactly, timed out, and the faults injected. */
export interface Tally {
  runs: number;
  exact: number;
  timeout: number;
  faults: number;
  dropped: number;
}

/**
 * The property of a fault mix: `runs` seeds drawn by fast-check (seeded with `fcSeed`, so replayable),
 * each a run of `work` under faults; every run that resolves gives `want()` bit for bit, none leaves a
 * rejection unhandled, faults were injected, and a mix the protocols repair never times out.
 */
export async function checkUnderFaults(o: { partitions: number; mix: FaultMix; work: (c: ClusterCore) => Promise<NDArray[]>; want: () => NDArray[]; transport?: InProcessBusOptions; runs: number; fcSeed: number }): Promise<Tally> {
  const t: Tally = { runs: 0, exact: 0, timeout: 0, faults: 0, dropped: 0 };
  const stop = watchUnhandled();
  let unhandled: unknown[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const r = await underFaults(o.partitions, o.mix, seed, o.work, o.transport);
        t.runs++;
        t.faults += r.faults;
        t.dropped += r.dropped;
        if (r.outcome === 'timeout') return void t.timeout++;
        expect(sameBits(r.arrays!, o.want()), `bits of every result (injector seed ${seed})`).to.equal(true);
        t.exact++;
      }),
      { numRuns: o.runs, seed: o.fcSeed },
    );
  } finally {
    unhandled = stop();
  }
  expect(unhandled.map(String), 'rejections nobody handled (they crash a process)').to.deep.equal([]);
  expect(t.faults, 'the injector injected faults').to.be.above(0);
  if (o.mix.rates.drop) expect(t.dropped, 'the injector dropped messages').to.be.above(0);
  if (o.mix.exact) expect(t.timeout, 'nothing may time out').to.equal(0);
  return t;
}
