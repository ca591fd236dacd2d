import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Figure, axesRect, colorbar, colorbarRect, colormap, fromPixel, imshow, legendRect, niceTicks, panelScales, stem, toPixel } from '../../examples/lib/plot.ts';
import { isColoured, readPng } from './png.ts';

describe('plot: pure pieces', () => {
  const tickCases: { lo: number; hi: number; want: number[] }[] = [
    { lo: -0.5, hi: 1, want: [-0.5, 0, 0.5, 1] },
    { lo: 0, hi: 100, want: [0, 25, 50, 75, 100] },
    { lo: -8, hi: 8, want: [-5, 0, 5] },
    { lo: 0, hi: 0.003, want: [0, 0.001, 0.002, 0.003] },
  ];
  for (const c of tickCases) {
    it(`chooses ticks ${c.want} for [${c.lo}, ${c.hi}]`, () => {
      const got = niceTicks(c.lo, c.hi, 5);
      expect(got.length).to.equal(c.want.length);
      got.forEach((t, i) => expect(t).to.be.closeTo(c.want[i], 1e-12));
    });
  }

  it('maps data to pixels and back', () => {
    const s = { d0: -1, d1: 100, r0: 58, r1: 742 };
    expect(toPixel(s, -1)).to.equal(58);
    expect(toPixel(s, 100)).to.equal(742);
    expect(fromPixel(s, toPixel(s, 50))).to.be.closeTo(50, 1e-12);
  });

  it('gives matplotlib colours at the ends and middle of gray and seismic', () => {
    expect(colormap('gray', 0)).to.deep.equal([0, 0, 0]);
    expect(colormap('gray', 1)).to.deep.equal([255, 255, 255]);
    expect(colormap('seismic', 0)).to.deep.equal([0, 0, 76]);
    expect(colormap('seismic', 0.5)).to.deep.equal([255, 255, 255]);
    expect(colormap('seismic', 1)).to.deep.equal([128, 0, 0]);
    expect(colormap('seismic', 7)).to.deep.equal([128, 0, 0]);
  });

  it('shrinks the axes to make room for a colour bar, which sits right of them', () => {
    const fig = new Figure({ cols: 2 });
    imshow(fig.panel(0, 1), { data: [1, 2, 3, 4], shape: [2, 2] });
    const before = axesRect(fig.panel(0, 1));
    colorbar(fig.panel(0, 1));
    const after = axesRect(fig.panel(0, 1));
    expect(after.w).to.be.lessThan(before.w);
    expect(colorbarRect(fig.panel(0, 1)).x).to.be.greaterThan(after.x + after.w);
    expect(after.x).to.be.greaterThan(fig.panel(0, 0).rect.x + fig.panel(0, 0).rect.w);
  });

  it('puts the legend in the corner with the fewest stems under it', () => {
    const fig = new Figure();
    const p = fig.panel(0);
    const v = new Float64Array(40);
    v[36] = 1; // a tall stem in the top right corner
    stem(p, v, { label: 'a' });
    const ax = axesRect(p);
    const r = legendRect(p)!;
    expect(r.x).to.be.below(ax.x + ax.w / 2);
    expect(r.y).to.be.below(ax.y + ax.h / 2);
    expect(legendRect(new Figure().panel(0))).to.equal(undefined);
  });

  const bad: { name: string; call: () => void }[] = [
    { name: 'imshow of a 1-D array', call: () => imshow(new Figure().panel(0), { data: [1, 2, 3], shape: [3] }) },
    { name: 'imshow with a shape that does not match the data', call: () => imshow(new Figure().panel(0), { data: [1, 2, 3], shape: [2, 2] }) },
    { name: 'colorbar without an image', call: () => colorbar(new Figure().panel(0)) },
    { name: 'a panel outside the grid', call: () => new Figure({ rows: 1, cols: 2 }).panel(0, 2) },
    { name: 'a figure with zero rows', call: () => new Figure({ rows: 0 }) },
  ];
  for (const b of bad) it(`rejects ${b.name} with a RangeError`, () => expect(b.call).to.throw(RangeError));
});

describe('plot: rendering', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'plot-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws two overlaid stem series in their own colours where their samples map', async () => {
    const fig = new Figure({ panelWidth: 400, panelHeight: 300 });
    const p = fig.panel(0);
    const a = new Float64Array(20);
    a[5] = 1;
    const b = new Float64Array(20);
    b[15] = -1;
    stem(p, a, { color: '#ff0000' });
    stem(p, b, { color: '#0000ff' });
    await fig.savePng(join(dir, 'stems.png'));
    const px = await readPng(join(dir, 'stems.png'));
    const s = panelScales(p);
    const at = (i: number, v: number) => px.at(Math.round(toPixel(s.x, i)), toPixel(s.y, v));
    expect(px.width).to.equal(400);
    expect(at(5, 0.5)).to.deep.equal([255, 0, 0]);
    expect(at(15, -0.5)).to.deep.equal([0, 0, 255]);
    expect(isColoured(at(10, 0.5))).to.equal(false);
    expect(isColoured(at(5, -0.5))).to.equal(false);
  });

  it('paints each image cell with the colour map of its value', async () => {
    const fig = new Figure();
    const p = fig.panel(0);
    imshow(p, { data: [-1, 0, 1, 0.5, 0, -0.5], shape: [2, 3] }, { cmap: 'seismic', vmin: -1, vmax: 1 });
    colorbar(p);
    const path = join(dir, 'image.png');
    await fig.savePng(path);
    const px = await readPng(path);
    const s = panelScales(p);
    const cell = (i: number, j: number) => px.at(toPixel(s.x, j), toPixel(s.y, i));
    expect(cell(0, 0)).to.deep.equal(colormap('seismic', 0));
    expect(cell(0, 1)).to.deep.equal([255, 255, 255]);
    expect(cell(0, 2)).to.deep.equal(colormap('seismic', 1));
    expect(cell(1, 0)).to.deep.equal(colormap('seismic', 0.75));
    const bar = colorbarRect(p);
    expect(px.at(bar.x + bar.w / 2, bar.y + 2)).to.deep.equal(colormap('seismic', 1 - 2.5 / bar.h));
  });
});
