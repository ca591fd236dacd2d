/**
 * Test helpers: naive, obviously-correct versions of the signal operators, written independently of the
 * kernels. Complex values are `[re, im]` pairs; a "line" is the 1-D slice along `axis`.
 */
export type C = [number, number];

/** Splits a flat C-order array (complex interleaved if `cplx`) into lines along `axis`, with a rebuild. */
export function linesOf(data: ArrayLike<number>, dims: readonly number[], axis: number, cplx: boolean): C[][] {
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = dims[axis];
  const lines: C[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const line: C[] = [];
      for (let t = 0; t < n; t++) {
        const i = (o * n + t) * inner + q;
        line.push(cplx ? [data[2 * i], data[2 * i + 1]] : [data[i], 0]);
      }
      lines.push(line);
    }
  }
  return lines;
}

/** The inverse of `linesOf` for lines of length `dims[axis]`. */
export function fromLines(lines: C[][], dims: readonly number[], axis: number, cplx: boolean): Float64Array {
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = dims[axis];
  const out = new Float64Array((cplx ? 2 : 1) * outer * n * inner);
  lines.forEach((line, l) => {
    const o = Math.floor(l / inner);
    const q = l % inner;
    line.forEach(([re, im], t) => {
      const i = (o * n + t) * inner + q;
      if (cplx) {
        out[2 * i] = re;
        out[2 * i + 1] = im;
      } else out[i] = re;
    });
  });
  return out;
}

/** y[i] = sum_j h[j] x[i - j + offset] for i < nOut, x = 0 outside its range. */
export function naiveConvolve(x: C[], h: readonly number[], offset: number, nOut = x.length): C[] {
  return Array.from({ length: nOut }, (_, i) => {
    const acc: C = [0, 0];
    h.forEach((hj, j) => {
      const k = i - j + offset;
      if (k >= 0 && k < x.length) {
        acc[0] += hj * x[k][0];
        acc[1] += hj * x[k][1];
      }
    });
    return acc;
  });
}

/** numpy's roll: out[(i + shift) mod n] = x[i]. fftshift = roll(n//2), ifftshift = roll(-(n//2)). */
export function roll<T>(x: T[], shift: number): T[] {
  const n = x.length;
  return x.map((_, k) => x[(((k - shift) % n) + n) % n]);
}

/** Dense DFT of length x.length with the given sign. */
export function naiveDft(x: C[], sign: 1 | -1): C[] {
  const n = x.length;
  return x.map((_, k) => {
    const acc: C = [0, 0];
    x.forEach(([re, im], t) => {
      const a = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      acc[0] += re * Math.cos(a) - im * Math.sin(a);
      acc[1] += re * Math.sin(a) + im * Math.cos(a);
    });
    return acc;
  });
}

/** Flat relative error between two arrays of pairs. */
export function flat(xs: C[][]): number[] {
  return xs.flat().flat();
}
