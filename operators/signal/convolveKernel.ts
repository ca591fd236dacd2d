import type { FloatArray } from '../core/dtype.ts';
import { ShapeMismatchError } from '../core/errors.ts';
import type { AxisKernel, AxisWindow } from '../core/kernel.ts';

/**
 * The convolution kernel of Convolve1D (and of the smoothing operators) along one axis:
 *
 *   forward  y[i] = sum_j h[j] x[i - j + offset]     (x = 0 outside [0, total))
 *   adjoint  x[k] = sum_j h[j] y[k + j - offset]     (y = 0 outside [0, total))
 *
 * Both are one correlation `out[i] = sum_j c[j] in[i + j + shift]`: the forward with c = reversed h and
 * shift = offset - (len(h) - 1), the adjoint with c = h and shift = -offset (a real filter: PyLops flips
 * but does not conjugate h). Halo widths: forward [len(h) - 1 - offset, offset], adjoint the mirror.
 *
 * Zero padding is global: a term is kept iff its input index lies in [0, w.total), so a block with its
 * halo gives the same bits as the whole array (same terms, summed in the same order j = 0, 1, ...,
 * accumulated in Float64 and rounded once to the output's precision).
 */
export interface ConvolveKernel extends AxisKernel {
  /** The filter (real, Float64). */
  readonly h: Float64Array;
  readonly offset: number;
}

/** The kernel of filter `h` (real values) centred at `offset`. */
export function convolveKernel(h: ArrayLike<number>, offset: number): ConvolveKernel {
  const filter = Float64Array.from(h);
  const nh = filter.length;
  const flipped = filter.slice().reverse();
  const forward = correlate(flipped, offset - (nh - 1));
  const adjoint = correlate(filter, -offset);
  return {
    h: filter,
    offset,
    halo: forward.halo,
    haloAdjoint: adjoint.halo,
    forward: forward.run,
    adjoint: adjoint.run,
  };
}

interface Correlation {
  halo: readonly [number, number];
  run(input: FloatArray, output: FloatArray, w: AxisWindow): void;
}

/** out[i] = sum_j c[j] in[i + j + shift], terms with an input index outside [0, total) dropped. */
function correlate(c: Float64Array, shift: number): Correlation {
  const nc = c.length;
  const halo = [Math.max(0, -shift), Math.max(0, nc - 1 + shift)] as const;
  const run = (input: FloatArray, output: FloatArray, w: AxisWindow): void => {
    checkHalo(w, halo);
    const len = w.left + w.count + w.right;
    const slab = w.count * w.inner;
    const direct = output instanceof Float64Array;
    const scratch = direct ? undefined : new Float64Array(slab);
    for (let o = 0; o < w.outer; o++) {
      const acc = scratch ?? (output as Float64Array).subarray(o * slab, (o + 1) * slab);
      acc.fill(0);
      for (let j = 0; j < nc; j++) {
        const cj = c[j];
        const g0 = w.start + j + shift; // global input index read by the first owned output
        const kLo = Math.max(0, -g0);
        const kHi = Math.min(w.count, w.total - g0);
        if (kHi <= kLo) continue;
        const from = (o * len + w.left + j + shift) * w.inner; // input offset of output k = 0
        const end = kHi * w.inner;
        for (let q = kLo * w.inner; q < end; q++) acc[q] += cj * input[from + q]; // out[i] += c[j] in[i + j + shift]
      }
      if (scratch) output.set(scratch, o * slab);
    }
  };
  return { halo, run };
}

/** The block must carry every in-range input sample its outputs read; otherwise the result would be wrong. */
function checkHalo(w: AxisWindow, halo: readonly [number, number]): void {
  const needLeft = Math.min(halo[0], w.start); // nothing exists before the global start
  const needRight = Math.min(halo[1], w.total - w.start - w.count); // nor after the global end
  if (w.left < needLeft || w.right < needRight) {
    throw new ShapeMismatchError('convolveKernel', [needLeft, needRight], [w.left, w.right], `halo [left, right] of the block at start ${w.start} (count ${w.count}, total ${w.total})`);
  }
}
