/**
 * Message faults under short distributed solves (issue 7 item 3): cgls and lsqr, a few iterations, on
 * DistributedVectors in simulation with a seeded injector. Every run either gives the fault-free
 * iterate and cost history bit for bit, or ends in a timeout error; never another number, never a hang.
 */
import { expect } from 'chai';
import type { ClusterCore } from '../../actors/ClusterCore.ts';
import type { ChunksSpec } from '../../actors/chunks.ts';
import { DistributedArray } from '../../actors/DistributedArray.ts';
import '../../index.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { FirstDerivative, Identity, Laplacian } from '../../operators/index.ts';
import { cgls, lsqr, type SolverResult } from '../../solvers/index.ts';
import { MIXES, type Tally, checkUnderFaults, faultFree } from './faultRuns.ts';

const SHAPE = [24, 18];

interface SolveCase {
  name: string;
  op: () => LinearOperator;
  chunks: ChunksSpec;
  solve(op: LinearOperator, y: DistributedArray): Promise<SolverResult>;
}

const cases: SolveCase[] = [
  {
    name: 'cgls on a Laplacian with damp 0.1, 4 iterations, chunked along axis 0',
    op: () => new Laplacian({ dims: SHAPE }),
    chunks: [3, 1],
    solve: (op, y) => cgls(op, y, { niter: 4, damp: 0.1, tol: 0 }),
  },
  {
    name: 'lsqr on a FirstDerivative with damp 1, 4 iterations, chunked along both axes',
    op: () => new FirstDerivative({ dims: SHAPE, axis: 0, edge: true }),
    chunks: [2, 2],
    solve: (op, y) => lsqr(op, y, { niter: 4, damp: 1 }),
  },
  {
    name: 'cgls on Laplacian + 2 I (a Sum), 3 iterations, chunked along both axes',
    op: () => new Laplacian({ dims: SHAPE, weights: [3, 1] }).plus(new Identity({ N: SHAPE }).scale(2)),
    chunks: [2, 2],
    solve: (op, y) => cgls(op, y, { niter: 3, tol: 0 }),
  },
];

/** The solve of `s`: its iterate gathered and its cost history. */
function solveOf(s: SolveCase) {
  return async (c: ClusterCore): Promise<NDArray[]> => {
    const op = s.op();
    const r = await s.solve(op, c.fromArray(NDArray.random(op.dimsd, 4), { chunks: s.chunks }));
    expect(r.x).to.be.instanceOf(DistributedArray);
    const x = await (r.x as DistributedArray).toArray();
    return [x, new NDArray(Float64Array.from(r.cost), [r.cost.length])];
  };
}


const tallies: Record<string, Tally> = {};

describe('faults/message faults under distributed solves: the fault-free bits or a timeout error', function () {
  this.timeout(60_000);
  for (const s of cases) {
    describe(s.name, () => {
      const work = solveOf(s);
      let want: NDArray[];
      before(async () => (want = await faultFree(3, work)));
      for (const mix of MIXES) {
        it(`gives the fault-free iterate and cost${mix.exact ? '' : ' or a timeout'} under seeded ${mix.name}`, async () => {
          tallies[`${s.name}, ${mix.name.split(' (')[0]}`] = await checkUnderFaults({ partitions: 3, mix, work, want: () => want, runs: 5, fcSeed: 11 });
        });
      }
    });
  }
  after(() => console.table(tallies));
});
