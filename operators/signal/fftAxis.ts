import type { FloatArray } from '../core/dtype.ts';
import { fft, ifft } from './fftKernel.ts';

/**
 * Pure kernels of the FFT operator: a 1-D DFT of every line along one axis of a C-order array viewed as
 * (outer, n, inner) on the model side and (outer, m, inner) on the data side. Lines are independent, so
 * any block holding whole lines can run them.
 *
 * Forward, per line (PyLops' order of steps):
 *   u = ifftshift(x) if ifftshiftBefore;  u = Re(u) if the model is real;
 *   u zero-padded or truncated to nfft;   Y = scale * DFT(u)   (sign -1);
 *   real: Y = Y[0 .. nfft//2], bins 1 .. (nfft-1)//2 multiplied by sqrt(2);
 *   Y = fftshift(Y) if fftshiftAfter.
 * Adjoint, per line (the conjugate transpose, the steps undone in reverse):
 *   Z = ifftshift(Y) if fftshiftAfter;  real: Z[k] *= sqrt(2) on bins 1 .. (nfft-1)//2, 0 above nfft//2;
 *   u = scale * IDFT(Z)   (sign +1, unnormalised);  u = Re(u) if real or the model is real;
 *   x = first n samples of u, zero-padded to n;  x = fftshift(x) if ifftshiftBefore.
 * (PyLops' real adjoint divides by sqrt(2) and calls irfft, whose Hermitian extension doubles the
 * same bins: the net weight is sqrt(2), as above.)
 */
export interface FFTAxisConfig {
  /** Model length along the axis. */
  n: number;
  /** Transform length. */
  nfft: number;
  /** rfft with the sqrt(2) scaling: data length nfft//2 + 1. */
  real: boolean;
  /** Model values are complex interleaved (else real). */
  modelComplex: boolean;
  /** 1/sqrt(nfft) (ortho), 1 (none) or 1/nfft (1/n), the same both ways. */
  scale: number;
  ifftshiftBefore: boolean;
  fftshiftAfter: boolean;
}

/** Data length along the axis. */
export function fftDataLength(c: Pick<FFTAxisConfig, 'nfft' | 'real'>): number {
  return c.real ? Math.floor(c.nfft / 2) + 1 : c.nfft;
}

/** y (complex, (outer, m, inner)) = F x for every line. */
export function fftForwardLines(x: FloatArray, y: FloatArray, outer: number, inner: number, c: FFTAxisConfig): void {
  const m = fftDataLength(c);
  const buf = new Float64Array(2 * c.nfft);
  const keep = Math.min(c.n, c.nfft);
  const mx = c.modelComplex ? 2 : 1;
  const weights = binWeights(c);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      buf.fill(0);
      for (let t = 0; t < keep; t++) {
        const s = c.ifftshiftBefore ? (t + (c.n >> 1)) % c.n : t; // u[t] = x[(t + n//2) mod n]
        const at = ((o * c.n + s) * inner + q) * mx;
        buf[2 * t] = x[at];
        if (c.modelComplex) buf[2 * t + 1] = x[at + 1];
      }
      fft(buf);
      for (let k = 0; k < m; k++) {
        const b = c.fftshiftAfter ? (k - (m >> 1) + m) % m : k; // Y'[k] = Y[(k - m//2) mod m]
        const at = 2 * ((o * m + k) * inner + q);
        y[at] = weights[b] * buf[2 * b];
        y[at + 1] = weights[b] * buf[2 * b + 1];
      }
    }
  }
}

/** x ((outer, n, inner), complex or real) = F^H y for every line. */
export function fftAdjointLines(y: FloatArray, x: FloatArray, outer: number, inner: number, c: FFTAxisConfig): void {
  const m = fftDataLength(c);
  const buf = new Float64Array(2 * c.nfft);
  const keep = Math.min(c.n, c.nfft);
  const mx = c.modelComplex ? 2 : 1;
  const keepImag = c.modelComplex && !c.real;
  const weights = binWeights(c);
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      buf.fill(0);
      for (let k = 0; k < m; k++) {
        const b = c.fftshiftAfter ? (k - (m >> 1) + m) % m : k; // Z[b] = Y'[k]
        const at = 2 * ((o * m + k) * inner + q);
        buf[2 * b] = weights[b] * y[at];
        buf[2 * b + 1] = weights[b] * y[at + 1];
      }
      ifft(buf);
      for (let t = 0; t < keep; t++) {
        const s = c.ifftshiftBefore ? (t + (c.n >> 1)) % c.n : t; // x[(t + n//2) mod n] = u[t]
        const at = ((o * c.n + s) * inner + q) * mx;
        x[at] = buf[2 * t];
        if (keepImag) x[at + 1] = buf[2 * t + 1];
      }
    }
  }
}

/** scale times sqrt(2) on the rfft bins 1 .. (nfft-1)//2, scale elsewhere. */
function binWeights(c: FFTAxisConfig): Float64Array {
  const w = new Float64Array(fftDataLength(c)).fill(c.scale);
  if (c.real) for (let k = 1; k <= (c.nfft - 1) >> 1; k++) w[k] = c.scale * Math.SQRT2;
  return w;
}
