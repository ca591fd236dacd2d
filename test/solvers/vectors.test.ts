/** Threshold kernels, LocalVectors, and the solvers' input handling (dtypes, complex, typed errors). */
import { expect } from 'chai';
import { Diagonal } from '../../operators/basic/Diagonal.ts';
import { InvalidParameterError, ShapeMismatchError, DTypeError } from '../../operators/core/errors.ts';
import { cg, cgls, elementwise, fista, ista, LocalVectors, lsqr, power_iteration, type ThreshKind } from '../../solvers/index.ts';
import { DenseMatrix, relerr } from './dense.ts';

const t = 0.5;
/** PyLops' thresholds written out per element (real). */
const expected: Record<ThreshKind, (x: number) => number> = {
  soft: (x) => Math.sign(x) * Math.max(Math.abs(x) - t, 0),
  hard: (x) => (Math.abs(x) <= Math.sqrt(2 * t) ? 0 : x),
  half: (x) => {
    if (Math.abs(x) <= (Math.cbrt(54) / 4) * t ** (2 / 3)) return 0;
    const phi = (2 / 3) * Math.acos(Math.min(1, (t / 8) * (Math.abs(x) / 3) ** -1.5));
    return (2 / 3) * x * (1 + Math.cos((2 * Math.PI) / 3 - phi));
  },
};
const xs = [-3, -1.2, -1, -0.7, -0.2, 0, 0.3, 0.63, 0.64, 1.0001, 2, 5];

describe('threshold kernels', () => {
  for (const kind of ['soft', 'hard', 'half'] as const) {
    it(`${kind} thresholding matches PyLops' formula elementwise`, () => {
      const x = Float64Array.from(xs);
      elementwise[kind](x, t, false);
      expect(Array.from(x)).to.deep.equal(xs.map(expected[kind]));
    });

    it(`${kind} thresholding of a complex value scales it by the real rule of its modulus`, () => {
      const z = Float64Array.from([0.6, 0.8, 3, -4]); // |z| = 1 and 5
      elementwise[kind](z, t, true);
      const f1 = expected[kind](1);
      const f5 = expected[kind](5) / 5;
      expect(z[0]).to.be.closeTo(0.6 * f1, 1e-15);
      expect(z[1]).to.be.closeTo(0.8 * f1, 1e-15);
      expect(z[2]).to.be.closeTo(3 * f5, 1e-15);
      expect(z[3]).to.be.closeTo(-4 * f5, 1e-15);
    });
  }
});

describe('LocalVectors', () => {
  const space = new LocalVectors({ model: 2, data: 2, modelComplex: true, dataComplex: true });
  it('computes vdot (conjugating the first argument) and 1- and 2-norms of complex vectors', async () => {
    const a = await space.fromLocal(Float64Array.from([1, 2, 3, -1]), 'model', 'k');
    const b = await space.fromLocal(Float64Array.from([0, 1, 2, 2]), 'model', 'k');
    // conj(1+2i)(i) + conj(3-i)(2+2i) = (2+i) + (4+8i)
    expect(await space.dot(a, b, 'k')).to.deep.equal({ re: 6, im: 9 });
    expect(await space.norm(a, 'k')).to.be.closeTo(Math.sqrt(15), 1e-15);
    expect(await space.norm(a, 'k', 1)).to.be.closeTo(Math.sqrt(5) + Math.sqrt(10), 1e-15);
  });

  it('combines in place: y <- a x + b y, x <- a x', async () => {
    const x = await space.fromLocal(Float64Array.from([1, 1, 1, 1]), 'model', 'k');
    const y = await space.fromLocal(Float64Array.from([1, 2, 3, 4]), 'model', 'k');
    await space.axpby(2, x, -1, y, 'k');
    expect(Array.from(y)).to.deep.equal([1, 0, -1, -2]);
    await space.scale(3, y, 'k');
    expect(Array.from(y)).to.deep.equal([3, 0, -3, -6]);
  });

  it('promotes real data to complex on a complex side and rejects a wrong length', async () => {
    expect(Array.from(await space.fromLocal(Float64Array.from([1, 2]), 'data', 'k'))).to.deep.equal([1, 0, 2, 0]);
    await space.fromLocal(Float64Array.from([1, 2, 3]), 'data', 'k').then(
      () => expect.fail('should reject'),
      (e) => expect(e).to.be.instanceOf(ShapeMismatchError),
    );
  });
});

describe('solver inputs', () => {
  const D = new Diagonal({ diag: [1, 2, 4, 8] });
  const yReal = Float64Array.from([1, 2, 4, 8]);

  it('returns a Float32Array for a Float32Array y', async () => {
    const res = await cgls(D, Float32Array.from(yReal), { niter: 10, tol: 0 });
    expect(res.x).to.be.instanceOf(Float32Array);
    expect(relerr(res.x, [1, 1, 1, 1])).to.be.at.most(1e-6);
  });

  it('solves a complex system with a complex diagonal (cgls and lsqr)', async () => {
    const Dc = new Diagonal({ diag: [1, 1, 0, 2, 3, -1, 0.5, 0.5], dtype: 'complex128' });
    const xTrue = Float64Array.from([1, -1, 2, 0.5, 0, 1, -2, 3]);
    const y = Dc.matvec(xTrue);
    for (const solve of [cgls, lsqr]) {
      const res = await solve(Dc, y, { niter: 20, tol: 0, atol: 0, btol: 0 } as never);
      expect(relerr(res.x, xTrue)).to.be.at.most(1e-12);
    }
  });

  it('solves a real operator on complex data part by part', async () => {
    const y = Float64Array.from([1, 2, 2, -2, 4, 0, 8, 8]);
    const res = await cg(D, y, { niter: 10, tol: 0 });
    expect(relerr(res.x, [1, 2, 1, -1, 1, 0, 1, 1])).to.be.at.most(1e-12);
  });

  it('finds the largest eigenvalue by power iteration with PyLops defaults', async () => {
    const res = await power_iteration(D, { niter: 200, tol: 1e-12 });
    expect(res.maxeig).to.be.closeTo(8, 1e-9);
    expect(Math.abs(res.x[3])).to.be.closeTo(1, 1e-5);
  });

  it('estimates alpha from the largest eigenvalue of Op^H Op when ista gets none', async () => {
    const A = new DenseMatrix(2, 3, Float64Array.from([1, 0, 2, 0, 3, 0]));
    const y = Float64Array.from([1, 1]);
    const auto = await ista(A, y, { niter: 5, eps: 0.1 });
    const given = await ista(A, y, { niter: 5, eps: 0.1, alpha: 1 / 9 });
    expect(relerr(auto.x, given.x)).to.be.at.most(1e-9);
    expect(auto.info.alpha).to.be.closeTo(1 / 9, 1e-12);
  });

  const bad: [string, () => Promise<unknown>, new (...a: never[]) => Error, string][] = [
    ['a negative niter', () => cgls(D, yReal, { niter: -1 }), InvalidParameterError, 'niter'],
    ['an unknown threshkind', () => fista(D, yReal, { threshkind: 'medium' as never, alpha: 0.1 }), InvalidParameterError, 'threshkind'],
    ['a non-numeric damp', () => cgls(D, yReal, { damp: '0.1' as never }), InvalidParameterError, 'damp'],
    ['something that is not an operator', () => cg({} as never, yReal), InvalidParameterError, 'Op'],
  ];
  for (const [what, run, Err, param] of bad) {
    it(`rejects ${what} with a typed error naming \`${param}\``, async () => {
      const err = await run().then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(Err);
      expect((err as InvalidParameterError).parameter).to.equal(param);
    });
  }

  it('rejects y of the wrong length with a ShapeMismatchError and a plain array with a DTypeError', async () => {
    expect(await cg(D, new Float64Array(3)).catch((e) => e)).to.be.instanceOf(ShapeMismatchError);
    expect(await cg(D, [1, 2, 3, 4] as never).catch((e) => e)).to.be.instanceOf(DTypeError);
  });
});
