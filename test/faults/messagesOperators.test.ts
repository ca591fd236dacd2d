/**
 * Message faults under operator applies (issue 7 item 3): halo exchanges of derivatives and a
 * Laplacian on 2-D grids chunked along one and along both axes, redistributions (Roll, FFT) and
 * algebra compositions, forward and adjoint, in simulation with a seeded injector. Every run either
 * gives the fault-free bits or ends in a timeout error; never another number, never a hang.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { ClusterCore } from '../../actors/ClusterCore.ts';
import type { ChunksSpec } from '../../actors/chunks.ts';
import '../../actors/ops/index.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { Diagonal, FFT, FirstDerivative, Identity, Laplacian, Roll, SecondDerivative, Smoothing1D } from '../../operators/index.ts';
import { type FaultMix, type Tally, faultFree, sameBits, underFaults, watchUnhandled } from './faultRuns.ts';

const SHAPE = [24, 18];

/** A group of operators applied together (all forward and adjoint applies in flight at once). */
interface OpGroup {
  name: string;
  /** Its applies exchange halo bundles (so faults on the halo subjects reach it). */
  halo: boolean;
  ops: () => LinearOperator[];
}

const groups: OpGroup[] = [
  {
    name: 'halo exchange (FirstDerivative, SecondDerivative, Laplacian)',
    halo: true,
    ops: () => [
      new FirstDerivative({ dims: SHAPE, axis: 0, edge: true }),
      new SecondDerivative({ dims: SHAPE, axis: 1, edge: true }),
      new Laplacian({ dims: SHAPE, weights: [3, 1] }),
    ],
  },
  {
    name: 'redistribution (Roll and FFT along axis 0)',
    halo: false,
    ops: () => [new Roll({ dims: SHAPE, axis: 0, shift: 5 }), new FFT({ dims: SHAPE, axis: 0, nfft: 32, dtype: 'float64' })],
  },
  {
    name: 'algebra (Laplacian + 2 I, Diagonal · FirstDerivative, Roll + Smoothing1D)',
    halo: true,
    ops: () => [
      new Laplacian({ dims: SHAPE }).plus(new Identity({ N: SHAPE }).scale(2)),
      new Diagonal({ diag: Array.from(NDArray.random(SHAPE, 7).data), dims: SHAPE }).dot(new FirstDerivative({ dims: SHAPE, axis: 1 })),
      new Roll({ dims: SHAPE, axis: 1, shift: -2 }).plus(new Smoothing1D({ nsmooth: 3, dims: SHAPE, axis: 0 })),
    ],
  },
];

const grids: { name: string; chunks: ChunksSpec }[] = [
  { name: 'chunked along axis 0', chunks: [3, 1] },
  { name: 'chunked along both axes (4 blocks on 3 actors)', chunks: [2, 2] },
];

/** Forward and adjoint of every operator of the group, then every result gathered. */
function applies(g: OpGroup, chunks: ChunksSpec) {
  return async (c: ClusterCore): Promise<NDArray[]> => {
    const ops = g.ops();
    const out = ops.flatMap((op, i) => {
      const x = c.fromArray(NDArray.random(op.dims, 10 + i), { chunks });
      const y = c.fromArray(NDArray.random(op.dimsd, 20 + i, op.dataComplex ? 'complex128' : 'float64'), { chunks });
      return [op.matvec(x), op.rmatvec(y)];
    });
    return Promise.all(out.map((a) => a.toArray()));
  };
}

export const mixes: FaultMix[] = [
  { name: 'duplicates', rates: { duplicate: 0.3 }, timeout: 2000, exact: true },
  { name: 'delays and reorders', rates: { delay: 0.3, reorder: 0.3, maxDelayMs: 5 }, timeout: 2000, exact: true },
  // a bundle lost again and again outlives any timeout; at 10 % (request and resend each) and 4 s (7 asks) that is ~1e-6 per bundle
  { name: 'drops on the halo subjects only (the mailbox asks again every 500 ms)', rates: { drop: 0.1 }, haloOnly: true, timeout: 4000, exact: true },
  { name: 'drops everywhere', rates: { drop: 0.01 }, timeout: 300, exact: false },
  { name: 'all four at once, with re-sending', rates: { drop: 0.01, duplicate: 0.1, delay: 0.1, reorder: 0.1, maxDelayMs: 5 }, timeout: 1000, resendAfterMs: 40, exact: false },
];

export const tallies: Record<string, Tally> = {};

describe('faults/message faults under operator applies: the fault-free bits or a timeout error', function () {
  this.timeout(60_000);
  for (const g of groups) {
    for (const grid of grids) {
      describe(`${g.name}, ${grid.name}`, () => {
        const work = applies(g, grid.chunks);
        let want: NDArray[];
        before(async () => (want = await faultFree(3, work)));
        for (const mix of mixes.filter((m) => g.halo || !m.haloOnly)) {
          it(`gives the fault-free bits${mix.exact ? '' : ' or a timeout'} under seeded ${mix.name}`, async () => {
            const t: Tally = { runs: 0, exact: 0, timeout: 0, faults: 0 };
            const unhandled = watchUnhandled();
            await fc.assert(
              fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
                const r = await underFaults(3, mix, seed, work);
                t.runs++;
                t.faults += r.faults;
                if (r.outcome === 'timeout') return void t.timeout++;
                expect(sameBits(r.arrays!, want), 'bits of every applied result').to.equal(true);
                t.exact++;
              }),
              { numRuns: 3, seed: 7 },
            );
            tallies[`${g.name}, ${grid.name}, ${mix.name}`] = t;
            expect(unhandled().map(String), 'rejections nobody handled (they crash a process)').to.deep.equal([]);
          expect(t.faults, 'the injector injected faults').to.be.above(0);
            if (mix.exact) expect(t.timeout, 'nothing may time out').to.equal(0);
          });
        }
      });
    }
  }
  after(() => console.table(tallies));
});
