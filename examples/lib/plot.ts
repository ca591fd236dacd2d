/**
 * A small plotting module for the examples: a Figure is a grid of Panels; a panel holds stem series
 * (overlaid) or one image with an optional colour bar. Building a figure is pure data; `toPng()` renders it
 * in memory and `savePng(path)` is the only function that touches the disk.
 *
 * Layout and data-to-pixel maps are exported ({@link axesRect}, {@link panelScales}, {@link colorbarRect})
 * so tests can compute where a sample must have been drawn.
 *
 * @example
 * const fig = new Figure({ rows: 1, cols: 2, title: 'Spike' });
 * stem(fig.panel(0, 0), x, { label: 'local' });
 * imshow(fig.panel(0, 1), img, { cmap: 'seismic' });
 * colorbar(fig.panel(0, 1));
 * await fig.savePng('out/spike.png');
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CYCLE, extent } from './scale.ts';
import { type Array2D, type ImshowOptions, type StemOptions, LAYOUT, Panel } from './layout.ts';
import { renderFigure } from './draw.ts';

export * from './scale.ts';
export * from './layout.ts';

export interface FigureOptions {
  rows?: number;
  cols?: number;
  /** Figure title, drawn above the panels. */
  title?: string;
  /** @defaultValue LAYOUT.panelWidth */
  panelWidth?: number;
  /** @defaultValue LAYOUT.panelHeight */
  panelHeight?: number;
}

/** A grid of panels with an optional title. */
export class Figure {
  readonly rows: number;
  readonly cols: number;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  private readonly panels: Panel[];

  constructor(opts: FigureOptions = {}) {
    this.rows = opts.rows ?? 1;
    this.cols = opts.cols ?? 1;
    this.title = opts.title ?? '';
    if (!(Number.isInteger(this.rows) && this.rows > 0 && Number.isInteger(this.cols) && this.cols > 0)) {
      throw new RangeError(`invalid argument. Figure rows and cols must be positive integers. Value: \`${this.rows}x${this.cols}\``);
    }
    const pw = opts.panelWidth ?? LAYOUT.panelWidth;
    const ph = opts.panelHeight ?? LAYOUT.panelHeight;
    const top = this.title ? LAYOUT.titleBand : 0;
    this.width = this.cols * pw;
    this.height = top + this.rows * ph;
    this.panels = Array.from({ length: this.rows * this.cols }, (_, k) => new Panel({ x: (k % this.cols) * pw, y: top + Math.floor(k / this.cols) * ph, w: pw, h: ph }));
  }

  /** The panel at grid position (row, col). */
  panel(row: number, col = 0): Panel {
    if (!(row >= 0 && row < this.rows && col >= 0 && col < this.cols)) {
      throw new RangeError(`invalid argument. Figure.panel expects row < ${this.rows} and col < ${this.cols}. Value: \`(${row}, ${col})\``);
    }
    return this.panels[row * this.cols + col];
  }

  /** Every panel, row by row. */
  all(): readonly Panel[] {
    return this.panels;
  }

  /** The figure rendered as PNG bytes (in memory). */
  toPng(): Buffer {
    return renderFigure(this).toBuffer('image/png');
  }

  /** Renders and writes the PNG, creating the folder if needed. */
  async savePng(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, this.toPng());
  }
}

/** Adds a stem series (value of sample i drawn at x = i) to a panel; several series overlay. */
export function stem(panel: Panel, values: ArrayLike<number>, opts: StemOptions = {}): void {
  panel.series.push({
    values: Float64Array.from(values),
    color: opts.color ?? CYCLE[panel.series.length % CYCLE.length],
    label: opts.label,
    marker: opts.marker ?? 'o',
    dashed: opts.dashed ?? false,
  });
}

/** Shows a 2-D array as an image, row 0 at the top, one cell per sample (matplotlib `imshow`, nearest). */
export function imshow(panel: Panel, a: Array2D, opts: ImshowOptions = {}): void {
  if (a.shape.length !== 2 || a.data.length !== a.shape[0] * a.shape[1]) {
    throw new RangeError(`invalid argument. imshow expects a real 2-D array. Value: shape [${a.shape.join(', ')}] with ${a.data.length} numbers`);
  }
  const data = Float64Array.from(a.data);
  const [lo, hi] = extent(data);
  panel.image = { data, rows: a.shape[0], cols: a.shape[1], cmap: opts.cmap ?? 'gray', vmin: opts.vmin ?? lo, vmax: opts.vmax ?? hi };
}

/** Adds a colour bar for the panel's image, to the right of its axes. */
export function colorbar(panel: Panel): void {
  if (!panel.image) throw new RangeError('invalid argument. colorbar expects a panel with an image (call imshow first)');
  panel.hasColorbar = true;
}

