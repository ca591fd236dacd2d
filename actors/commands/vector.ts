/**
 * Vector commands run on the blocks an actor holds: axpy, scale, copy, elementwise multiply, and the
 * partial reductions dot and norm (one partial per block, in the order of `blocks`; the driver sums
 * them in block order). `out` may name a new array or an input (in place).
 */
import { alloc, isComplex } from '../../operators/core/dtype.ts';
import { type NormOrd, type Scalar, axpby, multiply, partialDot, partialNorm, scale } from '../kernels.ts';
import type { ActorContext, Block } from '../registry.ts';
import { registerCommand } from '../registry.ts';

/** For each block: the inputs' blocks and the output block (allocated unless `out` is an input). */
async function eachBlock(ctx: ActorContext, out: string, inputs: string[], blocks: number[], fn: (o: Block, ins: Block[], cplx: boolean) => void): Promise<void> {
  const dtype = ctx.part(inputs[0]).dtype;
  for (const b of blocks) {
    const ins = inputs.map((id) => ctx.block(id, b));
    const inPlace = inputs.indexOf(out);
    const o = inPlace >= 0 ? ins[inPlace] : { shape: ins[0].shape, data: alloc(dtype, ins[0].data.length / (isComplex(dtype) ? 2 : 1)) };
    fn(o, ins, isComplex(dtype));
    if (inPlace < 0) ctx.setBlock(out, dtype, b, o);
    if (o.data.length > 1 << 20) await ctx.yield();
  }
}

/** out = alpha x + beta y (beta defaults to 1). */
registerCommand<{ out: string; x: string; y: string; alpha: Scalar; beta?: Scalar; blocks: number[] }>('axpy', {
  arrays: (a) => [a.out, a.x, a.y],
  run: (ctx, a) => eachBlock(ctx, a.out, [a.x, a.y], a.blocks, (o, [x, y], c) => axpby(o.data, a.alpha, x.data, a.beta ?? 1, y.data, c)),
});

registerCommand<{ out: string; x: string; alpha: Scalar; blocks: number[] }>('scale', {
  arrays: (a) => [a.out, a.x],
  run: (ctx, a) => eachBlock(ctx, a.out, [a.x], a.blocks, (o, [x], c) => scale(o.data, a.alpha, x.data, c)),
});

registerCommand<{ out: string; x: string; blocks: number[] }>('copy', {
  arrays: (a) => [a.out, a.x],
  run: (ctx, a) => eachBlock(ctx, a.out, [a.x], a.blocks, (o, [x]) => o.data.set(x.data)),
});

registerCommand<{ out: string; x: string; y: string; blocks: number[] }>('mul', {
  arrays: (a) => [a.out, a.x, a.y],
  run: (ctx, a) => eachBlock(ctx, a.out, [a.x, a.y], a.blocks, (o, [x, y], c) => multiply(o.data, x.data, y.data, c)),
});

/** Per block `[re, im]` of Σ x y (or Σ conj(x) y), flattened. */
registerCommand<{ x: string; y: string; conj: boolean; blocks: number[] }>('dot', {
  arrays: (a) => [a.x, a.y],
  run(ctx, a) {
    const c = isComplex(ctx.part(a.x).dtype);
    return a.blocks.flatMap((b) => partialDot(ctx.block(a.x, b).data, ctx.block(a.y, b).data, c, a.conj));
  },
});

/** Per block the norm partial (Σ|x|, Σ|x|² or max|x|). */
registerCommand<{ x: string; ord: NormOrd; blocks: number[] }>('norm', {
  arrays: (a) => [a.x],
  run(ctx, a) {
    const c = isComplex(ctx.part(a.x).dtype);
    return a.blocks.map((b) => partialNorm(ctx.block(a.x, b).data, c, a.ord));
  },
});
