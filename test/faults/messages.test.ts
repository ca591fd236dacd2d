import { expect } from 'chai';
import fc from 'fast-check';
import type { ClusterCore } from '../../actors/ClusterCore.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { FaultInjector, type FaultRates } from '../../runtime/faults/injector.ts';
import { isTimeout, simCluster } from './simCluster.ts';

/** A chain of vector ops with in-place steps (order matters), reductions and a gather. */
async function vectorChain(c: ClusterCore): Promise<number[]> {
  const x = c.fromArray(NDArray.random([30, 4], 1), { chunks: [3, 1] });
  const y = c.fromArray(NDArray.random([30, 4], 2), { chunks: [3, 1] });
  const z = x.axpy(0.5, y);
  const s1 = y.scaleInPlace(3);
  const s2 = y.axpbyInPlace(2, x, -1);
  const s3 = z.scaleInPlace(-0.25);
  const [n, d] = await Promise.all([z.norm(), x.dot(y), s1, s2, s3]);
  const w = await z.mul(y).toArray();
  return [n, d, ...Array.from(w.data)];
}

async function expected(): Promise<number[]> {
  const c = simCluster(3);
  try {
    return await vectorChain(c.core);
  } finally {
    await c.close();
  }
}

/** Runs the chain under faults; 'ok' with the numbers, or 'timeout'; anything else fails the property. */
async function underFaults(seed: number, rates: FaultRates, timeout: number, resendAfterMs?: number): Promise<{ outcome: 'ok' | 'timeout'; values?: number[]; injector: FaultInjector }> {
  const c = simCluster(3, { timeout, resendAfterMs });
  const injector = new FaultInjector({ seed, ...rates, maxDelayMs: 10 });
  const off = injector.install(c.bus);
  try {
    return { outcome: 'ok', values: await vectorChain(c.core), injector };
  } catch (e) {
    if (isTimeout(e)) return { outcome: 'timeout', injector };
    throw e;
  } finally {
    off();
    await c.close();
  }
}

const faultKinds: { name: string; rates: FaultRates; resendAfterMs?: number }[] = [
  { name: 'duplicates', rates: { duplicate: 0.3 } },
  { name: 'delays', rates: { delay: 0.5 } },
  { name: 'reorders', rates: { reorder: 0.3 } },
  { name: 'drops', rates: { drop: 0.03 } },
  { name: 'all four at once', rates: { drop: 0.02, duplicate: 0.1, delay: 0.1, reorder: 0.1 } },
  { name: 'drops, with the driver re-sending unanswered commands under the same key', rates: { drop: 0.03 }, resendAfterMs: 40 },
  { name: 'all four at once, with re-sending', rates: { drop: 0.02, duplicate: 0.1, delay: 0.1, reorder: 0.1 }, resendAfterMs: 40 },
];

describe('faults/message faults in simulation: exact answer or a clear timeout, never a wrong number', function () {
  this.timeout(60_000);
  let want: number[];
  const tallies: Record<string, { ok: number; timeout: number; faults: number }> = {};
  after(() => console.table(tallies));
  before(async () => {
    want = await expected();
  });

  for (const k of faultKinds) {
    it(`vector ops under seeded ${k.name}`, async () => {
      const tally = { ok: 0, timeout: 0, faults: 0 };
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
          const r = await underFaults(seed, k.rates, k.resendAfterMs ? 1500 : 300, k.resendAfterMs);
          tally[r.outcome]++;
          const n = r.injector.counts;
          tally.faults += n.dropped + n.duplicated + n.delayed + n.reordered;
          if (r.outcome === 'ok') expect(r.values).to.deep.equal(want);
        }),
        { numRuns: 12, seed: 42 },
      );
      tallies[k.name] = tally;
      expect(tally.faults, 'the injector injected faults').to.be.above(0);
      if (!k.rates.drop) expect(tally.timeout, 'without drops nothing may time out').to.equal(0);
      if (k.resendAfterMs) expect(tally.ok, 're-sending recovers some runs with drops').to.be.above(0);
    });
  }
});
