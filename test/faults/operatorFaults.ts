/**
 * The table of the message-fault tests of operator applies (issue 7 item 3): groups of operators
 * (halo exchange, redistribution, algebra) and the suite that runs every group on given
 * chunk grids. Each run applies every operator of a group forward and adjoint at once and gathers the
 * results; it must give the fault-free bits or end in a timeout error.
 */
import type { ClusterCore } from '../../actors/ClusterCore.ts';
import type { ChunksSpec } from '../../actors/chunks.ts';
import '../../actors/ops/index.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { FFT, FirstDerivative, Identity, Laplacian, Roll, SecondDerivative, Smoothing1D } from '../../operators/index.ts';
import type { InProcessBusOptions } from '../../runtime/transport/InProcessBus.ts';
import { MIXES, type Tally, checkUnderFaults, faultFree } from './faultRuns.ts';

/** A group of operators applied together (all forward and adjoint applies in flight at once). */
interface OpGroup {
  name: string;
  ops: (shape: number[]) => LinearOperator[];
}

const groups: OpGroup[] = [
  {
    name: 'halo exchange (FirstDerivative, SecondDerivative, Laplacian)',
    ops: (dims) => [new FirstDerivative({ dims, axis: 0, edge: true }), new SecondDerivative({ dims, axis: 1, edge: true }), new Laplacian({ dims, weights: [3, 1] })],
  },
  {
    name: 'redistribution (Roll and FFT along axis 0)',
    ops: (dims) => [new Roll({ dims, axis: 0, shift: 5 }), new FFT({ dims, axis: 0, nfft: 32, dtype: 'float64' })],
  },
  {
    name: 'algebra (Laplacian + 2 I, SecondDerivative · FirstDerivative, Roll + Smoothing1D)',
    ops: (dims) => [
      new Laplacian({ dims }).plus(new Identity({ N: dims }).scale(2)),
      new SecondDerivative({ dims, axis: 1 }).dot(new FirstDerivative({ dims, axis: 0, edge: true })),
      new Roll({ dims, axis: 1, shift: -2 }).plus(new Smoothing1D({ nsmooth: 3, dims, axis: 0 })),
    ],
  },
];

/** A model grid, its chunks over 3 actors, and the connections' options. */
export interface GridCase {
  name: string;
  shape: number[];
  chunks: ChunksSpec;
  transport?: InProcessBusOptions;
}

/** Forward and adjoint of every operator of the group, then every result gathered. */
function applies(g: OpGroup, grid: GridCase) {
  return async (c: ClusterCore): Promise<NDArray[]> => {
    const out = g.ops(grid.shape).flatMap((op, i) => {
      const x = c.fromArray(NDArray.random(op.dims, 10 + i), { chunks: grid.chunks });
      const y = c.fromArray(NDArray.random(op.dimsd, 20 + i, op.dataComplex ? 'complex128' : 'float64'), { chunks: grid.chunks });
      return [op.matvec(x), op.rmatvec(y)];
    });
    return Promise.all(out.map((a) => a.toArray()));
  };
}


/** Every group under every mix on every grid; prints the tallies at the end. */
export function describeOperatorFaults(title: string, grids: GridCase[]): void {
  describe(title, function () {
    this.timeout(60_000);
    const tallies: Record<string, Tally> = {};
    for (const g of groups) {
      for (const grid of grids) {
        describe(`${g.name}, ${grid.name}`, () => {
          const work = applies(g, grid);
          let want: NDArray[];
          before(async () => (want = await faultFree(3, work, grid.transport)));
          for (const mix of MIXES) {
            it(`gives the fault-free bits${mix.exact ? '' : ' or a timeout'} under seeded ${mix.name}`, async () => {
              tallies[`${g.name.split(' (')[0]}, ${grid.name}, ${mix.name.split(' (')[0]}`] = await checkUnderFaults({ partitions: 3, mix, work, want: () => want, transport: grid.transport, runs: 5, fcSeed: 7 });
            });
          }
        });
      }
    }
    after(() => console.table(tallies));
  });
}
