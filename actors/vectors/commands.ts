/**
 * Partition-actor commands of the solvers' vector space (DistributedVectors): the named elementwise
 * kernels of solvers/kernels.ts run in place on an actor's blocks, and the reductions of
 * solvers/reductions.ts, one partial per block in the order of `blocks`. The kernels are the ones
 * LocalVectors runs, so thresholds are bit-identical to a local run, and a reduction over a vector held
 * in one block is too (the driver sums the partials in block order from 0).
 *
 * Import this file for its side effect in every process hosting partition actors.
 */
import { isComplex } from '../../operators/core/dtype.ts';
import { InvalidParameterError } from '../../operators/core/errors.ts';
import { elementwise, type ThreshKind } from '../../solvers/kernels.ts';
import { normKernel, vdotKernel } from '../../solvers/reductions.ts';
import { type ActorContext, registerCommand } from '../registry.ts';

/** Command names (one place, shared with the driver side). */
export const VECTOR_COMMANDS = { map: 'vectors.map', dot: 'vectors.dot', norm: 'vectors.norm' } as const;

const complexOf = (ctx: ActorContext, id: string) => isComplex(ctx.part(id).dtype);

/** In place on each listed block: x[i] <- f(x[i]; param), f the named kernel. */
registerCommand<{ x: string; kernel: ThreshKind; param: number; blocks: number[] }>(VECTOR_COMMANDS.map, {
  arrays: (a) => [a.x],
  async run(ctx, a) {
    const f = elementwise[a.kernel];
    if (!f) throw new InvalidParameterError(VECTOR_COMMANDS.map, 'kernel', a.kernel, `one of ${Object.keys(elementwise).join(', ')}`);
    const cplx = complexOf(ctx, a.x);
    for (const b of a.blocks) {
      const blk = ctx.block(a.x, b);
      f(blk.data, a.param, cplx);
      if (blk.data.length > 1 << 20) await ctx.yield();
    }
    return null;
  },
});

/** Per block [re, im] of sum conj(x) y (flattened, in the order of `blocks`). */
registerCommand<{ x: string; y: string; blocks: number[] }>(VECTOR_COMMANDS.dot, {
  arrays: (a) => [a.x, a.y],
  run(ctx, a) {
    const cplx = complexOf(ctx, a.x);
    return a.blocks.flatMap((b) => vdotKernel(ctx.block(a.x, b).data, ctx.block(a.y, b).data, cplx));
  },
});

/** Per block sum |x|^2 (ord 2) or sum |x| (ord 1). */
registerCommand<{ x: string; ord: 1 | 2; blocks: number[] }>(VECTOR_COMMANDS.norm, {
  arrays: (a) => [a.x],
  run(ctx, a) {
    const cplx = complexOf(ctx, a.x);
    return a.blocks.map((b) => normKernel(ctx.block(a.x, b).data, cplx, a.ord));
  },
});
