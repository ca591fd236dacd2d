/**
 * Pure elementwise kernels of the solvers (no I/O), shared by LocalVectors and partition actors so a
 * distributed run thresholds exactly like a local one. Each works in place on a flat block; complex
 * blocks are interleaved `[re, im]` pairs and are scaled by a real factor of their modulus.
 */
import type { FloatArray } from '../operators/core/dtype.ts';

export type ThreshKind = 'soft' | 'hard' | 'half';
export const THRESH_KINDS: readonly ThreshKind[] = ['soft', 'hard', 'half'];

/** An in-place elementwise kernel: x[i] <- f(x[i]; param). */
export type ElementwiseFn = (x: FloatArray, param: number, complex: boolean) => void;

/**
 * Soft thresholding (prox of t ||x||_1), PyLops' `_softthreshold`:
 * real x: sign(x) max(|x| - t, 0); complex x: max(|x| - t, 0) exp(i angle(x)).
 */
export function softThreshold(x: FloatArray, t: number, complex: boolean): void {
  if (!complex) {
    for (let i = 0; i < x.length; i++) x[i] = Math.sign(x[i]) * Math.max(Math.abs(x[i]) - t, 0);
    return;
  }
  for (let i = 0; i < x.length; i += 2) {
    const m = Math.max(Math.hypot(x[i], x[i + 1]) - t, 0);
    const phase = Math.atan2(x[i + 1], x[i]);
    x[i] = m * Math.cos(phase);
    x[i + 1] = m * Math.sin(phase);
  }
}

/** Hard thresholding (prox of t ||x||_0), PyLops' `_hardthreshold`: x[i] = 0 where |x[i]| <= sqrt(2t). */
export function hardThreshold(x: FloatArray, t: number, complex: boolean): void {
  const cut = Math.sqrt(2 * t);
  const step = complex ? 2 : 1;
  for (let i = 0; i < x.length; i += step) {
    const m = complex ? Math.hypot(x[i], x[i + 1]) : Math.abs(x[i]);
    if (m > cut) continue;
    x[i] = 0;
    if (complex) x[i + 1] = 0;
  }
}

/**
 * Half thresholding (prox of t ||x||_{1/2}^{1/2}), PyLops' `_halfthreshold`:
 * phi = 2/3 arccos(clip(t/8 (|x|/3)^(-3/2), -1, 1)), x <- 2/3 x (1 + cos(2 pi/3 - phi)),
 * and x = 0 where |x| <= 54^(1/3)/4 t^(2/3).
 */
export function halfThreshold(x: FloatArray, t: number, complex: boolean): void {
  const cut = (Math.cbrt(54) / 4) * Math.pow(t, 2 / 3);
  const step = complex ? 2 : 1;
  for (let i = 0; i < x.length; i += step) {
    const m = complex ? Math.hypot(x[i], x[i + 1]) : Math.abs(x[i]);
    if (m <= cut) {
      x[i] = 0;
      if (complex) x[i + 1] = 0;
      continue;
    }
    const arg = Math.min(1, Math.max(-1, (t / 8) * Math.pow(m / 3, -1.5)));
    const phi = (2 / 3) * Math.acos(arg);
    const f = 1 + Math.cos((2 * Math.PI) / 3 - phi);
    x[i] = ((2 / 3) * x[i]) * f;
    if (complex) x[i + 1] = ((2 / 3) * x[i + 1]) * f;
  }
}

/** The named kernels a vector space's `map` runs. */
export const elementwise: Readonly<Record<ThreshKind, ElementwiseFn>> = {
  soft: softThreshold,
  hard: hardThreshold,
  half: halfThreshold,
};
