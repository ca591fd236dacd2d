/**
 * A Float64 complex FFT of any length on interleaved arrays (`data[2k] = re`, `data[2k + 1] = im`).
 *
 * Forward (unnormalised): X[k] = sum_j x[j] exp(-2 pi i j k / n).
 * Inverse (unnormalised): x[j] = sum_k X[k] exp(+2 pi i j k / n)   (= conj(fft(conj(X)))).
 *
 * Powers of two use an iterative radix-2 (decimation in time after a bit-reversal permutation).
 * Other lengths use Bluestein's chirp-z: with w[m] = exp(-i pi m^2 / n),
 *   X[k] = w[k] sum_j (x[j] w[j]) conj(w[k - j]),
 * a linear convolution evaluated by a radix-2 FFT of size M >= 2n - 1.
 * Twiddles and chirps are computed once per size (exactly symmetric, see `unitRoot`) and cached.
 * The functions are synchronous and deterministic; a plan's scratch buffer never leaks between calls.
 */

/** A transform of one size: `forward` runs in place on 2n interleaved numbers. */
export interface FFTPlan {
  readonly n: number;
  forward(data: Float64Array): void;
}

const plans = new Map<number, FFTPlan>();

/** The cached plan for length `n` (a positive integer). */
export function fftPlan(n: number): FFTPlan {
  let plan = plans.get(n);
  if (!plan) {
    plan = isPowerOfTwo(n) ? radix2Plan(n) : bluesteinPlan(n);
    plans.set(n, plan);
  }
  return plan;
}

/** In-place forward DFT of the interleaved complex array `data` (its length is 2n). */
export function fft(data: Float64Array): void {
  fftPlan(data.length / 2).forward(data);
}

/** In-place unnormalised inverse DFT (sign +1) of `data`: conj(fft(conj(data))). */
export function ifft(data: Float64Array): void {
  conjugate(data);
  fft(data);
  conjugate(data);
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * [cos, sin] of 2 pi a / b for integers 0 <= a < b, reduced to the first octant so that values at
 * multiples of pi/4 are exact and symmetric angles give bit-identical magnitudes.
 */
export function unitRoot(a: number, b: number): [number, number] {
  if (2 * a > b) {
    const [c, s] = unitRoot(b - a, b); // angle in (pi, 2 pi): conj of 2 pi - angle
    return [c, -s];
  }
  if (4 * a > b) {
    const [c, s] = unitRoot(b - 2 * a, 2 * b); // angle in (pi/2, pi]: pi - angle
    return [-c, s];
  }
  if (8 * a > b) {
    const [c, s] = unitRoot(b - 4 * a, 4 * b); // angle in (pi/4, pi/2]: pi/2 - angle
    return [s, c];
  }
  if (8 * a === b) return [Math.SQRT1_2, Math.SQRT1_2];
  const t = (2 * Math.PI * a) / b;
  return [Math.cos(t), Math.sin(t)];
}

function conjugate(data: Float64Array): void {
  for (let i = 1; i < data.length; i += 2) data[i] = -data[i];
}

/** Iterative radix-2 plan for n = 2^p (n = 1 is the identity). */
function radix2Plan(n: number): FFTPlan {
  const rev = bitReversal(n);
  const tw = new Float64Array(n); // tw[2k], tw[2k+1] = exp(-2 pi i k / n), k < n/2
  for (let k = 0; k < n / 2; k++) {
    const [c, s] = unitRoot(k, n);
    tw[2 * k] = c;
    tw[2 * k + 1] = -s;
  }
  const forward = (d: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j <= i) continue;
      const re = d[2 * i];
      const im = d[2 * i + 1];
      d[2 * i] = d[2 * j];
      d[2 * i + 1] = d[2 * j + 1];
      d[2 * j] = re;
      d[2 * j + 1] = im;
    }
    for (let size = 2; size <= n; size *= 2) butterflies(d, tw, n, size);
  };
  return { n, forward };
}

/** One radix-2 stage: for every group of `size`, a' = a + w b, b' = a - w b with w = exp(-2 pi i k / size). */
function butterflies(d: Float64Array, tw: Float64Array, n: number, size: number): void {
  const half = size / 2;
  const step = n / size;
  for (let start = 0; start < n; start += size) {
    for (let k = 0; k < half; k++) {
      const wr = tw[2 * k * step];
      const wi = tw[2 * k * step + 1];
      const a = 2 * (start + k);
      const b = a + 2 * half;
      const br = d[b];
      const bi = d[b + 1];
      const tr = wr * br - wi * bi; // t = w b
      const ti = wr * bi + wi * br;
      d[b] = d[a] - tr;
      d[b + 1] = d[a + 1] - ti;
      d[a] += tr;
      d[a + 1] += ti;
    }
  }
}

function bitReversal(n: number): Uint32Array {
  const rev = new Uint32Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
    rev[i] = r;
  }
  return rev;
}

/** Bluestein plan for any n: a convolution with the chirp through a radix-2 FFT of size m >= 2n - 1. */
function bluesteinPlan(n: number): FFTPlan {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const inner = radix2Plan(m);
  const chirp = new Float64Array(2 * n); // w[k] = exp(-i pi k^2 / n) = exp(-2 pi i (k^2 mod 2n) / 2n)
  for (let k = 0; k < n; k++) {
    const [c, s] = unitRoot((k * k) % (2 * n), 2 * n);
    chirp[2 * k] = c;
    chirp[2 * k + 1] = -s;
  }
  const filter = new Float64Array(2 * m); // conj(w[|j|]) wrapped around, pre-transformed, with 1/m
  for (let k = 0; k < n; k++) {
    for (const j of k === 0 ? [0] : [k, m - k]) {
      filter[2 * j] = chirp[2 * k] / m;
      filter[2 * j + 1] = -chirp[2 * k + 1] / m;
    }
  }
  inner.forward(filter);
  const work = new Float64Array(2 * m);
  const forward = (d: Float64Array) => {
    work.fill(0);
    multiplyInto(work, d, chirp, n, 1); // a[j] = x[j] w[j]
    inner.forward(work);
    multiplyInto(work, work, filter, m, 1); // A . B
    conjugate(work); // inverse radix-2 by conjugation (the 1/m is in the filter)
    inner.forward(work);
    multiplyInto(d, work, chirp, n, -1); // X[k] = w[k] conj(work[k])
  };
  return { n, forward };
}

/** out[k] = (conj? a[k]) * b[k] for k < count; `sa = -1` conjugates `a`. `out` may alias `a`. */
function multiplyInto(out: Float64Array, a: Float64Array, b: Float64Array, count: number, sa: 1 | -1): void {
  for (let k = 0; k < 2 * count; k += 2) {
    const ar = a[k];
    const ai = sa * a[k + 1];
    const br = b[k];
    const bi = b[k + 1];
    out[k] = ar * br - ai * bi;
    out[k + 1] = ar * bi + ai * br;
  }
}
