/**
 * The solver cases of the reference file, run through the public solver functions: iterate k equals
 * PyLops' (called with niter = k), iterate k of one long run equals the niter = k run, the cost
 * history equals PyLops', eigs cases give maxeig, div cases give Op / y.
 */
import { expect } from 'chai';
import type { FloatArray } from '../../operators/core/dtype.ts';
import * as solvers from '../../solvers/index.ts';
import { referenceVectors, type SolverCase } from '../helpers/reference.ts';
import { loadOperators, operatorFor, relerr } from './dense.ts';

await loadOperators();
const cases = referenceVectors().solvers;
type Fn = (op: unknown, y: FloatArray, o: Record<string, unknown>) => Promise<solvers.SolverResult<FloatArray>>;
const fn = (c: SolverCase) => (solvers as unknown as Record<string, Fn>)[c.solver];
const args = (c: SolverCase, niter: number, extra: Record<string, unknown> = {}) => ({
  ...c.args,
  x0: c.x0 ? Float64Array.from(c.x0) : undefined,
  niter,
  ...extra,
});

describe('solvers against the PyLops reference cases', () => {
  for (const c of cases.filter((c) => c.iterates && c.solver !== 'div')) {
    const { op, via } = operatorFor(c.operator);
    describe(`${c.id} (operator via ${via})`, () => {
      for (const [k, expected] of Object.entries(c.iterates!)) {
        it(`returns PyLops' iterate after ${k} iterations to 1e-10`, async () => {
          const res = await fn(c)(op, Float64Array.from(c.y), args(c, Number(k)));
          expect(res.x).to.be.instanceOf(Float64Array);
          expect(res.iterations).to.equal(Number(k));
          expect(relerr(res.x, expected)).to.be.at.most(1e-10);
        });
      }

      it('returns the cost history of PyLops to 1e-8', async () => {
        const res = await fn(c)(op, Float64Array.from(c.y), args(c, Number(c.args.niter)));
        expect(res.cost).to.have.length(c.cost!.length);
        expect(relerr(res.cost, c.cost!)).to.be.at.most(1e-8);
      });

      it('passes through iterate k of a long run exactly as a run with niter = k ends', async () => {
        const seen = new Map<number, Float64Array>();
        const niter = Math.max(...Object.keys(c.iterates!).map(Number));
        await fn(c)(op, Float64Array.from(c.y), args(c, niter, { callback: (x: FloatArray, i: { iteration: number }) => seen.set(i.iteration, Float64Array.from(x)) }));
        expect([...seen.keys()]).to.deep.equal(Array.from({ length: niter }, (_, i) => i + 1));
        for (const k of Object.keys(c.iterates!).map(Number)) {
          const short = await fn(c)(op, Float64Array.from(c.y), args(c, k));
          expect(relerr(seen.get(k)!, short.x)).to.be.at.most(1e-15);
        }
      });
    });
  }

  for (const c of cases.filter((c) => c.solver === 'eigs')) {
    const { op, via } = operatorFor(c.operator);
    it(`eigs gives the largest |eigenvalue| of ${c.id} (via ${via}) to 1e-6`, async () => {
      const res = await solvers.eigs(op);
      expect(Math.abs(res.maxeig - c.maxeig!) / c.maxeig!).to.be.at.most(1e-6);
    });
  }

  for (const c of cases.filter((c) => c.solver === 'div')) {
    const { op, via } = operatorFor(c.operator);
    it(`Op.div(y) solves ${c.id} (via ${via}) to 1e-8`, async () => {
      const res = (await op.div(Float64Array.from(c.y))) as solvers.SolverResult<Float64Array>;
      expect(res.x).to.be.instanceOf(Float64Array);
      expect(relerr(res.x, c.iterates!['100'])).to.be.at.most(1e-8);
    });
  }
});
