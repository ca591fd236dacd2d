/**
 * Pure pieces of the plotting module: rectangles, linear data-to-pixel maps, tick choice, colour maps.
 * Nothing here draws; tests use these to compute where a value must appear in a PNG.
 */

/** An axis-aligned rectangle in pixels (y grows downwards, as on a canvas). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A linear map from the data interval [d0, d1] onto the pixel interval [r0, r1] (r1 < r0 flips). */
export interface Linear {
  d0: number;
  d1: number;
  r0: number;
  r1: number;
}

/** Pixel of data value `v`: r0 + (v - d0) (r1 - r0) / (d1 - d0). */
export function toPixel(s: Linear, v: number): number {
  return s.r0 + ((v - s.d0) * (s.r1 - s.r0)) / (s.d1 - s.d0);
}

/** Data value at pixel `p` (the inverse of {@link toPixel}). */
export function fromPixel(s: Linear, p: number): number {
  return s.d0 + ((p - s.r0) * (s.d1 - s.d0)) / (s.r1 - s.r0);
}

/** [min, max] of the finite values, [0, 0] when there are none. */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/** Widens [lo, hi] by `frac` of its length on both sides (by 1 when it is empty), as matplotlib's margins. */
export function pad([lo, hi]: [number, number], frac = 0.1): [number, number] {
  const span = hi - lo;
  return span === 0 ? [lo - 1, hi + 1] : [lo - frac * span, hi + frac * span];
}

/**
 * About `count` "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten) inside [lo, hi].
 *
 * @example
 * niceTicks(-0.5, 1); // [-0.5, 0, 0.5, 1]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** Short tick label: integers as is, others with up to 3 significant digits. */
export function tickLabel(t: number): string {
  return Number.isInteger(t) ? String(t) : String(Number(t.toPrecision(3)));
}

export type Cmap = 'gray' | 'seismic';
export type RGB = [number, number, number];

/** Piecewise-linear colour maps as matplotlib defines them (stops at evenly spaced t). */
const CMAPS: Record<Cmap, RGB[]> = {
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  // matplotlib 'seismic': dark blue, blue, white, red, dark red
  seismic: [
    [0, 0, 76],
    [0, 0, 255],
    [255, 255, 255],
    [255, 0, 0],
    [128, 0, 0],
  ],
};

/** Colour of `t` in [0, 1] (clamped) under colour map `cmap`. */
export function colormap(cmap: Cmap, t: number): RGB {
  const stops = CMAPS[cmap];
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  const f = u - k;
  return [0, 1, 2].map((c) => Math.round(stops[k][c] + f * (stops[k + 1][c] - stops[k][c]))) as RGB;
}

/** Position of `v` between `vmin` and `vmax` as t in [0, 1] (0.5 when the range is empty). */
export function normalize(v: number, vmin: number, vmax: number): number {
  return vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
}

/** matplotlib's default colour cycle (tab10), used when a series has no colour. */
export const CYCLE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
