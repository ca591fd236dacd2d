/** Test helper: decode a PNG with @napi-rs/canvas into RGBA pixels. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';

export interface Pixels {
  width: number;
  height: number;
  /** [r, g, b] at integer pixel (x, y). */
  at(x: number, y: number): [number, number, number];
}

export async function readPng(path: string): Promise<Pixels> {
  const img = await loadImage(readFileSync(path));
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
  return {
    width,
    height,
    at: (x, y) => {
      const k = 4 * (Math.round(y) * width + Math.round(x));
      return [data[k], data[k + 1], data[k + 2]];
    },
  };
}

/** A saturated colour (not white, gray or black): what a coloured series leaves on the page. */
export function isColoured([r, g, b]: [number, number, number]): boolean {
  return Math.max(r, g, b) - Math.min(r, g, b) > 60;
}
