/**
 * `ops.block`: applies a local operator to each block of an array whose blocks hold the operator's
 * whole axis (redistribute.ts rechunks first), with the same local code as a whole-array call. The
 * operator of each block is the base spec with the block's geometry patched in (e.g. `dims`). A block
 * whose output belongs to another actor (Transpose: the permuted grid) is sent there as transfer `t`
 * and stored by the built-in `assemble` command.
 */
import { type DType, realOf } from '../../operators/core/dtype.ts';
import type { Spec } from '../../operators/core/LinearOperator.ts';
import { sendBulk } from '../bulk.ts';
import { registerCommand } from '../registry.ts';
import { cachedOperator } from './stages.ts';

export interface BlockItem {
  /** Input block, output block number and shape. */
  b: number;
  ob: number;
  shape: number[];
  /** Geometry patched into the base spec's params for this block. */
  patch: Record<string, unknown>;
  /** When set: send the output to this data subject as transfer `t` instead of storing it. */
  to?: string;
  t?: string;
}

export interface BlockArgs {
  spec: Spec;
  adjoint: boolean;
  x: string;
  out: string;
  outDtype: DType;
  items: BlockItem[];
}

registerCommand<BlockArgs>('ops.block', {
  arrays: (a) => [a.x, a.out],
  async run(ctx, a) {
    for (const it of a.items) {
      const op = cachedOperator({ op: a.spec.op, params: { ...a.spec.params, ...it.patch } });
      const y = op.applyFlat(ctx.block(a.x, it.b).data, a.adjoint);
      if (it.to) sendBulk(ctx.transport, it.to, it.t!, y, realOf(a.outDtype));
      else ctx.setBlock(a.out, a.outDtype, it.ob, { shape: it.shape, data: y });
      if (y.length > 1 << 20) await ctx.yield();
    }
    return null;
  },
});
