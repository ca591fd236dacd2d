/**
 * Element-wise commands of the distributed operators, each reproducing the arithmetic of the local
 * operator it serves: `ops.diag` (Diagonal with a full diagonal held as a distributed array next to x),
 * `ops.conj` (the conjugations of Conj/Transposed) and `ops.scale` (Scaled's s·v).
 */
import { type DType, type FloatArray, alloc, isComplex } from '../../operators/core/dtype.ts';
import { type ActorContext, registerCommand } from '../registry.ts';

interface Common {
  x: string;
  out: string;
  outDtype: DType;
  blocks: number[];
}

/** Runs `fn(x, y)` for each block with a fresh output block of the same element count. */
function eachBlock(ctx: ActorContext, a: Common, fn: (x: FloatArray, y: FloatArray, b: number) => void): null {
  const cplx = isComplex(ctx.part(a.x).dtype);
  for (const b of a.blocks) {
    const x = ctx.block(a.x, b);
    const y = alloc(a.outDtype, x.data.length / (cplx ? 2 : 1));
    fn(x.data, y, b);
    ctx.setBlock(a.out, a.outDtype, b, { shape: x.shape, data: y });
  }
  return null;
}

/** y = d ⊙ x (conj(d) ⊙ x when `conj`); a real d on complex x scales both parts, as the local split does. */
registerCommand<Common & { d: string; conj: boolean }>('ops.diag', {
  arrays: (a) => [a.x, a.d, a.out],
  run: (ctx, a) =>
    eachBlock(ctx, a, (x, y, b) => {
      const d = ctx.block(a.d, b).data;
      if (d.length === x.length && !isComplex(ctx.part(a.d).dtype)) for (let i = 0; i < x.length; i++) y[i] = d[i] * x[i]; // y[i] = d[i] x[i]
      else if (d.length === x.length) diagComplex(d, x, y, a.conj ? -1 : 1);
      else for (let i = 0; i < d.length; i++) ((y[2 * i] = d[i] * x[2 * i]), (y[2 * i + 1] = d[i] * x[2 * i + 1]));
    }),
});

function diagComplex(d: FloatArray, x: FloatArray, y: FloatArray, sign: number): void {
  for (let i = 0; i < x.length; i += 2) {
    const re = d[i];
    const im = sign * d[i + 1];
    const xr = x[i];
    const xi = x[i + 1];
    y[i] = re * xr - im * xi; // (re + i im)(xr + i xi)
    y[i + 1] = re * xi + im * xr;
  }
}

/** y = conj(x). */
registerCommand<Common>('ops.conj', {
  arrays: (a) => [a.x, a.out],
  run: (ctx, a) =>
    eachBlock(ctx, a, (x, y) => {
      y.set(x);
      for (let i = 1; i < y.length; i += 2) y[i] = -y[i]; // conj(re + i im) = re - i im
    }),
});

/** y = (re + i im) x: per number when `perNumber` (a real-side Scaled), else the complex product. */
registerCommand<Common & { re: number; im: number; perNumber: boolean }>('ops.scale', {
  arrays: (a) => [a.x, a.out],
  run: (ctx, a) =>
    eachBlock(ctx, a, (x, y) => {
      if (a.perNumber) for (let i = 0; i < x.length; i++) y[i] = a.re * x[i]; // y = s x
      else {
        for (let i = 0; i < x.length; i += 2) {
          y[i] = a.re * x[i] - a.im * x[i + 1]; // (re + i im)(xr + i xi)
          y[i + 1] = a.re * x[i + 1] + a.im * x[i];
        }
      }
    }),
});
