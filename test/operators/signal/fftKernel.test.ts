import { expect } from 'chai';
import { mulberry32, relativeError } from '../../../operators/core/NDArray.ts';
import { fft, fftPlan, ifft, isPowerOfTwo, unitRoot } from '../../../operators/signal/fftKernel.ts';

/** O(n^2) DFT with each angle reduced modulo n before the cos/sin: the yardstick. */
function naiveDft(x: Float64Array, sign: 1 | -1): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const t = (2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(t);
      const s = sign * Math.sin(t);
      re += x[2 * j] * c - x[2 * j + 1] * s;
      im += x[2 * j] * s + x[2 * j + 1] * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

function random(n: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  return Float64Array.from({ length: 2 * n }, () => 2 * next() - 1);
}

const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 64, 97, 100, 128, 255, 256, 500, 1000, 1024, 1031];

describe('fftKernel (radix-2 + Bluestein, Float64)', () => {
  const worst = { forward: 0, inverse: 0, roundTrip: 0 };
  after(() => console.log(`      worst relative errors vs naive DFT: forward ${worst.forward.toExponential(2)}, inverse ${worst.inverse.toExponential(2)}, round trip ${worst.roundTrip.toExponential(2)}`));

  for (const n of sizes) {
    it(`matches a naive DFT for n = ${n} (${isPowerOfTwo(n) ? 'radix-2' : 'Bluestein'}) to 1e-14 relative`, () => {
      const x = random(n, n);
      const y = x.slice();
      fft(y);
      const err = relativeError(y, naiveDft(x, -1));
      worst.forward = Math.max(worst.forward, err);
      expect(err).to.be.at.most(1e-14);
    });

    it(`inverts with the unnormalised inverse for n = ${n} (ifft(fft(x)) = n x)`, () => {
      const x = random(n, 7 * n);
      const y = x.slice();
      ifft(y);
      const errInv = relativeError(y, naiveDft(x, 1));
      worst.inverse = Math.max(worst.inverse, errInv);
      expect(errInv).to.be.at.most(1e-14);
      fft(y);
      const back = y.map((v) => v / n);
      const err = relativeError(back, x);
      worst.roundTrip = Math.max(worst.roundTrip, err);
      expect(err).to.be.at.most(1e-14);
    });
  }

  it('caches one plan per size', () => {
    expect(fftPlan(12)).to.equal(fftPlan(12));
    expect(fftPlan(16)).to.not.equal(fftPlan(12));
  });

  it('gives exact roots of unity at multiples of pi/4 and symmetric values elsewhere', () => {
    expect(unitRoot(0, 8)).to.deep.equal([1, 0]);
    expect(unitRoot(2, 8)).to.deep.equal([0, 1]);
    expect(unitRoot(4, 8)).to.deep.equal([-1, 0]);
    expect(unitRoot(6, 8)).to.deep.equal([0, -1]);
    expect(unitRoot(1, 8)[0]).to.equal(unitRoot(1, 8)[1]);
    const [c, s] = unitRoot(3, 7);
    expect(unitRoot(4, 7)).to.deep.equal([c, -s]);
    expect(Math.hypot(c, s)).to.be.closeTo(1, 1e-15);
  });

  it('transforms a spike into a constant and a constant into a spike', () => {
    const spike = new Float64Array(2 * 12);
    spike[0] = 1;
    fft(spike);
    for (let k = 0; k < 12; k++) {
      expect(spike[2 * k]).to.be.closeTo(1, 1e-15);
      expect(spike[2 * k + 1]).to.be.closeTo(0, 1e-15);
    }
    fft(spike);
    expect(spike[0]).to.be.closeTo(12, 1e-13);
    expect(Math.max(...Array.from(spike.subarray(2), Math.abs))).to.be.at.most(1e-13);
  });
});
