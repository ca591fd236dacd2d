import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, type Panel, axesRect, colormap, fromPixel, panelScales, toPixel } from '../../examples/lib/plot.ts';
import { type Cluster, launchCluster } from '../../index.ts';
import { SPIKE_1D, SPIKE_2D, derivativeFigures, distributed, local } from '../../examples/plot_derivatives.ts';
import { type Pixels, isColoured, readPng } from './png.ts';
import { runScript } from './run.ts';

/** Every pixel of a panel's axes (inset past the frame) with the largest r + g + b, as data indices. */
function brightestCells(px: Pixels, p: Panel): Set<string> {
  const ax = axesRect(p);
  const s = panelScales(p);
  let best = -1;
  let cells = new Set<string>();
  for (let y = ax.y + 2; y < ax.y + ax.h - 2; y++) {
    for (let x = ax.x + 2; x < ax.x + ax.w - 2; x++) {
      const [r, g, b] = px.at(x, y);
      const v = r + g + b;
      const cell = `${Math.round(fromPixel(s.y, y + 0.5))},${Math.round(fromPixel(s.x, x + 0.5))}`;
      if (v > best) [best, cells] = [v, new Set([cell])];
      else if (v === best) cells.add(cell);
    }
  }
  return cells;
}

describe('examples/plot_derivatives.ts', function () {
  this.timeout(60_000);
  let dir: string;
  let stdout: string;
  /** The same figures built in this process: their layout says where each sample was drawn. */
  let figs: Record<string, Figure>;
  let cluster: Cluster;
  before(async () => {
    cluster = await launchCluster();
    figs = await derivativeFigures([local, distributed(cluster)]);
    dir = mkdtempSync(join(tmpdir(), 'gallery-'));
    const r = await runScript('examples/plot_derivatives.ts', ['--out', dir]);
    expect(r.stderr, r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    stdout = r.stdout;
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cluster.close();
  });

  it('draws the distributed Laplacian row pixel for pixel like the local row', async () => {
    const px = await readPng(join(dir, 'laplacian.png'));
    const fig = figs['laplacian.png'];
    for (const c of [1, 2]) {
      const a = axesRect(fig.panel(0, c));
      const b = axesRect(fig.panel(1, c));
      expect([b.w, b.h]).to.deep.equal([a.w, a.h]);
      let coloured = 0;
      for (let y = 2; y < a.h - 2; y++) {
        for (let x = 2; x < a.w - 2; x++) {
          const p = px.at(a.x + x, a.y + y);
          expect(px.at(b.x + x, b.y + y), `column ${c} pixel (${x}, ${y})`).to.deep.equal(p);
          if (isColoured(p)) coloured++;
        }
      }
      expect(coloured, 'the stencil is drawn').to.be.greaterThan(0);
    }
  });

  it('prints every PNG it wrote', () => {
    for (const f of ['derivative-1d.png', 'first-derivative-2d.png', 'second-derivative-2d.png', 'laplacian.png']) {
      expect(stdout).to.contain(`wrote ${join(dir, f)}`);
    }
  });

  it('draws the input spike as a stem at sample 50 reaching the height of 1, and nothing at a far sample', async () => {
    const px = await readPng(join(dir, 'derivative-1d.png'));
    const s = panelScales(figs['derivative-1d.png'].panel(0));
    const x50 = Math.round(toPixel(s.x, SPIKE_1D));
    const x20 = Math.round(toPixel(s.x, 20));
    const top = toPixel(s.y, 1);
    const base = toPixel(s.y, 0);
    for (let y = Math.ceil(top); y < base - 4; y++) expect(isColoured(px.at(x50, y)), `pixel (${x50}, ${y})`).to.equal(true);
    expect(isColoured(px.at(x50, top - 8)), 'above the top of the stem').to.equal(false);
    for (let y = Math.ceil(top); y < base - 6; y++) expect(isColoured(px.at(x20, y)), `pixel (${x20}, ${y})`).to.equal(false);
  });

  it('draws the forward stems up at sample 49 and down at sample 51 (centered difference)', async () => {
    const px = await readPng(join(dir, 'derivative-1d.png'));
    const s = panelScales(figs['derivative-1d.png'].panel(1));
    const at = (i: number, v: number) => px.at(Math.round(toPixel(s.x, i)), toPixel(s.y, v));
    expect(isColoured(at(49, 0.25))).to.equal(true);
    expect(isColoured(at(51, -0.25))).to.equal(true);
    expect(isColoured(at(49, -0.25))).to.equal(false);
    expect(isColoured(at(51, 0.25))).to.equal(false);
  });

  it('shows the input image brightest exactly at the spike [5, 10]', async () => {
    const px = await readPng(join(dir, 'first-derivative-2d.png'));
    expect([...brightestCells(px, figs['first-derivative-2d.png'].panel(0, 0))]).to.deep.equal([SPIKE_2D.join(',')]);
  });

  it('colours the second-derivative image with -2 at the spike and +1 above and below it', async () => {
    const px = await readPng(join(dir, 'second-derivative-2d.png'));
    const p = figs['second-derivative-2d.png'].panel(0, 1);
    const s = panelScales(p);
    const cell = (i: number, j: number) => px.at(toPixel(s.x, j), toPixel(s.y, i));
    const [i, j] = SPIKE_2D;
    expect(cell(i, j)).to.deep.equal(colormap('seismic', 0)); // -2 on a [-2, 2] range
    expect(cell(i - 1, j)).to.deep.equal(colormap('seismic', 0.75)); // +1
    expect(cell(i + 1, j)).to.deep.equal(colormap('seismic', 0.75));
    expect(cell(i, j + 1)).to.deep.equal([255, 255, 255]); // axis 0 only: zero beside the spike
  });

  it('weights the Laplacian along axis 0 three times more in the (3, 1) panel', async () => {
    const px = await readPng(join(dir, 'laplacian.png'));
    const fig = figs['laplacian.png'];
    const [i, j] = SPIKE_2D;
    const cell = (p: Panel, di: number, dj: number) => {
      const s = panelScales(p);
      return px.at(toPixel(s.x, j + dj), toPixel(s.y, i + di));
    };
    // (1, 1): centre -4, the four neighbours +1 on a [-4, 4] range; (3, 1): centre -8, +3 above/below, +1 beside on [-8, 8]
    expect(cell(fig.panel(0, 1), 0, 0)).to.deep.equal(colormap('seismic', 0));
    expect(cell(fig.panel(0, 1), 1, 0)).to.deep.equal(cell(fig.panel(0, 1), 0, 1));
    expect(cell(fig.panel(0, 2), 1, 0)).to.deep.equal(colormap('seismic', (3 + 8) / 16));
    expect(cell(fig.panel(0, 2), 0, 1)).to.deep.equal(colormap('seismic', (1 + 8) / 16));
  });
});
