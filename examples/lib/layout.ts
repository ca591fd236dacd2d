/** Layout of a figure: panel content as plain data, and the pure rectangles and data-to-pixel maps. */
import { type Cmap, type Linear, type Rect, extent, pad, toPixel as toPixelOf } from './scale.ts';

/** Pixel sizes of the layout. */
export const LAYOUT = {
  panelWidth: 380,
  panelHeight: 290,
  /** Height of the figure title band (0 when there is no title). */
  titleBand: 34,
  margin: { left: 58, right: 18, top: 30, bottom: 36 },
  /** Extra right margin taken by a colour bar, and the bar's gap and width inside it. */
  colorbar: { space: 74, gap: 12, width: 14 },
} as const;

export type Marker = 'o' | 'x' | 's';
export interface StemOptions {
  /** CSS colour. @defaultValue the next colour of matplotlib's cycle */
  color?: string;
  /** Legend entry; series without a label are left out of the legend. */
  label?: string;
  /** Marker at the top of each stem. @defaultValue 'o' */
  marker?: Marker;
  /** Dashed stems, so an overlaid series stays visible over an identical one. @defaultValue false */
  dashed?: boolean;
}
export interface StemSeries extends Required<Omit<StemOptions, 'label'>> {
  values: Float64Array;
  label?: string;
}

/** A 2-D real array as the examples have it (an NDArray of shape [rows, cols]). */
export interface Array2D {
  data: ArrayLike<number>;
  shape: readonly number[];
}
export interface ImshowOptions {
  /** @defaultValue 'gray' */
  cmap?: Cmap;
  /** @defaultValue the data minimum */
  vmin?: number;
  /** @defaultValue the data maximum */
  vmax?: number;
}
export interface ImageLayer {
  data: Float64Array;
  rows: number;
  cols: number;
  cmap: Cmap;
  vmin: number;
  vmax: number;
}

/** One set of axes in the figure's grid. */
export class Panel {
  title = '';
  xlabel = '';
  ylabel = '';
  readonly series: StemSeries[] = [];
  image?: ImageLayer;
  hasColorbar = false;

  constructor(readonly rect: Rect) {}
}

/** The rectangle of the panel's axes (the plotting area inside margins, title and colour bar). */
export function axesRect(panel: Panel): Rect {
  const m = LAYOUT.margin;
  const right = m.right + (panel.hasColorbar ? LAYOUT.colorbar.space : 0);
  return { x: panel.rect.x + m.left, y: panel.rect.y + m.top, w: panel.rect.w - m.left - right, h: panel.rect.h - m.top - m.bottom };
}

/** The colour bar's rectangle: as tall as the axes, right of them. */
export function colorbarRect(panel: Panel): Rect {
  const ax = axesRect(panel);
  return { x: ax.x + ax.w + LAYOUT.colorbar.gap, y: ax.y, w: LAYOUT.colorbar.width, h: ax.h };
}

/**
 * Data-to-pixel maps of a panel. Image: column j spans x in [j - 0.5, j + 0.5], row i spans y in
 * [i - 0.5, i + 0.5] with row 0 at the top. Stems: sample i at x = i over [-1, n], y upwards over the
 * padded range of all series and 0.
 */
export function panelScales(panel: Panel): { x: Linear; y: Linear } {
  const ax = axesRect(panel);
  if (panel.image) {
    const { rows, cols } = panel.image;
    return { x: { d0: -0.5, d1: cols - 0.5, r0: ax.x, r1: ax.x + ax.w }, y: { d0: -0.5, d1: rows - 0.5, r0: ax.y, r1: ax.y + ax.h } };
  }
  const n = Math.max(1, ...panel.series.map((s) => s.values.length));
  let [lo, hi] = [0, 0];
  for (const s of panel.series) {
    const [a, b] = extent(s.values);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  }
  const [y0, y1] = pad([lo, hi], 0.08);
  return { x: { d0: -1, d1: n, r0: ax.x, r1: ax.x + ax.w }, y: { d0: y0, d1: y1, r0: ax.y + ax.h, r1: ax.y } };
}

/** Size of one legend row and the legend's width, in pixels. */
export const LEGEND = { row: 16, width: 96, inset: 6 } as const;

/**
 * Where the legend goes: the corner of the axes (top right, top left, bottom right, bottom left, in that
 * order of preference) covering the fewest stems; undefined when no series has a label.
 */
export function legendRect(panel: Panel): Rect | undefined {
  const rows = panel.series.filter((s) => s.label).length;
  if (rows === 0) return undefined;
  const ax = axesRect(panel);
  const sc = panelScales(panel);
  const [w, h, m] = [LEGEND.width, LEGEND.row * rows + 4, LEGEND.inset];
  const corners: Rect[] = [
    { x: ax.x + ax.w - w - m, y: ax.y + m, w, h },
    { x: ax.x + m, y: ax.y + m, w, h },
    { x: ax.x + ax.w - w - m, y: ax.y + ax.h - h - m, w, h },
    { x: ax.x + m, y: ax.y + ax.h - h - m, w, h },
  ];
  const base = toPixelOf(sc.y, 0);
  const covered = (r: Rect) => {
    let n = 0;
    for (const s of panel.series) {
      s.values.forEach((v, i) => {
        const px = toPixelOf(sc.x, i);
        const py = toPixelOf(sc.y, v);
        // a stem is the segment from the baseline to its marker, 4 px of marker beyond
        if (px >= r.x - 4 && px <= r.x + r.w + 4 && Math.max(py, base) + 4 >= r.y && Math.min(py, base) - 4 <= r.y + r.h) n++;
      });
    }
    return n;
  };
  const counts = corners.map(covered);
  return corners[counts.indexOf(Math.min(...counts))];
}
