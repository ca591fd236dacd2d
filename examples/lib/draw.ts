/** Renders a figure's panels on an @napi-rs/canvas canvas (in memory; no I/O). */
import { type Canvas, type SKRSContext2D, createCanvas } from '@napi-rs/canvas';
import { type Panel, type StemSeries, LEGEND, axesRect, colorbarRect, legendRect, panelScales } from './layout.ts';
import { type Linear, colormap, niceTicks, normalize, tickLabel, toPixel } from './scale.ts';

type Ctx = SKRSContext2D;
const FONT = 'DejaVu Sans, sans-serif';
const TICK = 4;

/** What the renderer needs of a Figure. */
export interface Drawable {
  width: number;
  height: number;
  title: string;
  all(): readonly Panel[];
}

/** Draws the whole figure on a new white canvas of the figure's size. */
export function renderFigure(fig: Drawable): Canvas {
  const canvas = createCanvas(fig.width, fig.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, fig.width, fig.height);
  if (fig.title) text(ctx, fig.title, fig.width / 2, 22, { size: 15, bold: true, align: 'center' });
  for (const p of fig.all()) drawPanel(ctx, p);
  return canvas;
}

function drawPanel(ctx: Ctx, p: Panel): void {
  const empty = !p.image && p.series.length === 0;
  if (empty && !p.title) return;
  const ax = axesRect(p);
  const s = panelScales(p);
  if (p.image) drawImage(ctx, p, s);
  else p.series.forEach((series) => drawStems(ctx, series, s));
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 1;
  ctx.strokeRect(ax.x + 0.5, ax.y + 0.5, ax.w - 1, ax.h - 1);
  const integer = !!p.image || p.series.length > 0;
  drawTicks(ctx, s.x, 'x', ax.y + ax.h, integer);
  drawTicks(ctx, s.y, 'y', ax.x, !!p.image);
  if (p.title) text(ctx, p.title, ax.x + ax.w / 2, p.rect.y + 20, { size: 13, align: 'center' });
  if (p.xlabel) text(ctx, p.xlabel, ax.x + ax.w / 2, ax.y + ax.h + 32, { size: 11, align: 'center' });
  if (p.hasColorbar) drawColorbar(ctx, p);
  drawLegend(ctx, p);
}

/** Stems from y = 0 to each value, a marker on top, and the zero baseline. */
function drawStems(ctx: Ctx, series: StemSeries, s: { x: Linear; y: Linear }): void {
  const base = toPixel(s.y, 0);
  ctx.strokeStyle = series.color;
  ctx.fillStyle = series.color;
  ctx.lineWidth = 1.5;
  ctx.setLineDash(series.dashed ? [4, 3] : []);
  series.values.forEach((v, i) => {
    const px = Math.round(toPixel(s.x, i)) + 0.5;
    const py = toPixel(s.y, v);
    ctx.beginPath();
    ctx.moveTo(px, base);
    ctx.lineTo(px, py);
    ctx.stroke();
  });
  ctx.setLineDash([]);
  series.values.forEach((v, i) => marker(ctx, series.marker, Math.round(toPixel(s.x, i)) + 0.5, toPixel(s.y, v)));
  ctx.strokeStyle = '#d62728';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(toPixel(s.x, -1), base);
  ctx.lineTo(toPixel(s.x, series.values.length), base);
  ctx.stroke();
}

function marker(ctx: Ctx, kind: StemSeries['marker'], x: number, y: number): void {
  const r = 3;
  ctx.beginPath();
  if (kind === 'o') {
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fill();
  } else if (kind === 's') ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  else {
    ctx.lineWidth = 1.5;
    ctx.moveTo(x - r - 1, y - r - 1);
    ctx.lineTo(x + r + 1, y + r + 1);
    ctx.moveTo(x - r - 1, y + r + 1);
    ctx.lineTo(x + r + 1, y - r - 1);
    ctx.stroke();
  }
}

/** One filled rectangle per sample; cell edges rounded to whole pixels so cells tile without seams. */
function drawImage(ctx: Ctx, p: Panel, s: { x: Linear; y: Linear }): void {
  const img = p.image!;
  for (let i = 0; i < img.rows; i++) {
    const y0 = Math.round(toPixel(s.y, i - 0.5));
    const y1 = Math.round(toPixel(s.y, i + 0.5));
    for (let j = 0; j < img.cols; j++) {
      const x0 = Math.round(toPixel(s.x, j - 0.5));
      const x1 = Math.round(toPixel(s.x, j + 0.5));
      const [r, g, b] = colormap(img.cmap, normalize(img.data[i * img.cols + j], img.vmin, img.vmax));
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
  }
}

/** A vertical strip of the colour map from vmin (bottom) to vmax (top), with ticks on its right. */
function drawColorbar(ctx: Ctx, p: Panel): void {
  const img = p.image!;
  const r = colorbarRect(p);
  for (let k = 0; k < r.h; k++) {
    const [cr, cg, cb] = colormap(img.cmap, 1 - (k + 0.5) / r.h);
    ctx.fillStyle = `rgb(${cr},${cg},${cb})`;
    ctx.fillRect(r.x, r.y + k, r.w, 1);
  }
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
  const scale: Linear = { d0: img.vmin, d1: img.vmax, r0: r.y + r.h, r1: r.y };
  if (img.vmax > img.vmin) drawTicks(ctx, scale, 'y', r.x + r.w, false, 1);
}

/** Ticks and labels along one axis; `side` -1 puts them left/below, +1 right. */
function drawTicks(ctx: Ctx, s: Linear, axis: 'x' | 'y', at: number, integer: boolean, side = -1): void {
  const [lo, hi] = [Math.min(s.d0, s.d1), Math.max(s.d0, s.d1)];
  const ticks = niceTicks(lo, hi, 5).filter((t) => !integer || Number.isInteger(t));
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 1;
  for (const t of ticks) {
    const p = Math.round(toPixel(s, t)) + 0.5;
    ctx.beginPath();
    if (axis === 'x') {
      ctx.moveTo(p, at);
      ctx.lineTo(p, at + TICK);
      ctx.stroke();
      text(ctx, tickLabel(t), p, at + TICK + 12, { size: 10, align: 'center' });
    } else {
      ctx.moveTo(at, p);
      ctx.lineTo(at + side * TICK, p);
      ctx.stroke();
      text(ctx, tickLabel(t), at + side * (TICK + 3), p + 3.5, { size: 10, align: side < 0 ? 'right' : 'left' });
    }
  }
}

/** Labelled series in the corner chosen by legendRect. */
function drawLegend(ctx: Ctx, p: Panel): void {
  const r = legendRect(p);
  if (!r) return;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(r.x, r.y, r.w, r.h);
  let y = r.y;
  for (const s of p.series.filter((u) => u.label)) {
    ctx.fillStyle = s.color;
    ctx.strokeStyle = s.color;
    marker(ctx, s.marker, r.x + 10, y + 10);
    text(ctx, s.label!, r.x + 20, y + 14, { size: 10, align: 'left' });
    y += LEGEND.row;
  }
}

function text(ctx: Ctx, s: string, x: number, y: number, o: { size: number; bold?: boolean; align: 'left' | 'right' | 'center' }): void {
  ctx.fillStyle = '#000000';
  ctx.font = `${o.bold ? 'bold ' : ''}${o.size}px ${FONT}`;
  ctx.textAlign = o.align;
  ctx.fillText(s, x, y);
}
