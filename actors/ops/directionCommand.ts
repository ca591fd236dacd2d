/**
 * Actor side of the directional derivatives (command `ops.direction`): the per-point product with the
 * direction v of FirstDirectionalDerivative, block by block, with the local operator's arithmetic
 * (DirectionField.multiply):
 *
 * - combine (forward): y = ((0 + v_0 ⊙ g_0) + v_1 ⊙ g_1) + ... from the stacked gradient block g
 *   ([ndim, ...block], all components on the block's actor);
 * - expand (adjoint): u_k = 0 + conj(v_k) ⊙ y into a stacked block [ndim, ...block].
 *
 * A per-point v is cut to the block's box; a constant v is used as is.
 */
import { type DType, type FloatArray, alloc, isComplex, prod } from '../../operators/core/dtype.ts';
import type { Spec } from '../../operators/core/LinearOperator.ts';
import { DirectionField } from '../../operators/derivatives/DirectionField.ts';
import type { FirstDirectionalDerivative } from '../../operators/derivatives/FirstDirectionalDerivative.ts';
import { ChunkGrid } from '../chunks.ts';
import { copyBox } from '../kernels.ts';
import { type ActorContext, registerCommand } from '../registry.ts';
import { cachedOperator } from './stages.ts';

export interface DirectionArgs {
  /** The FirstDirectionalDerivative's spec. */
  spec: Spec;
  /** false: combine a stacked gradient into y; true: expand y into the stacked u. */
  adjoint: boolean;
  x: string;
  out: string;
  outDtype: DType;
  /** Chunk sizes of the spatial grid (the stacked arrays add one unchunked leading axis). */
  sizes: number[][];
  blocks: number[];
}

registerCommand<DirectionArgs>('ops.direction', { arrays: (a) => [a.x, a.out], run: runDirection });

function runDirection(ctx: ActorContext, a: DirectionArgs): null {
  const op = cachedOperator(a.spec) as FirstDirectionalDerivative;
  const grid = new ChunkGrid(a.sizes.map((s) => s.reduce((p, q) => p + q, 0)), a.sizes);
  const nd = op.dims.length;
  for (const b of a.blocks) {
    const { start, shape } = grid.box(b);
    const v = blockField(op, start, shape);
    const x = ctx.block(a.x, b).data;
    const n = prod(shape) * (isComplex(a.outDtype) ? 2 : 1);
    const out = alloc(a.outDtype, prod(shape) * (a.adjoint ? nd : 1));
    const comp = (arr: FloatArray, k: number) => arr.subarray(k * n, (k + 1) * n);
    for (let k = 0; k < nd; k++) {
      if (a.adjoint) v.multiply(k, x, comp(out, k), false, true); // u_k = 0 + conj(v_k) y
      else v.multiply(k, comp(x, k), out, k > 0, false); // y = y + v_k g_k
    }
    ctx.setBlock(a.out, a.outDtype, b, { shape: a.adjoint ? [nd, ...shape] : shape, data: out });
  }
  return null;
}

/** v on the block's box: the operator's own field when constant, else its components cut to the box. */
function blockField(op: FirstDirectionalDerivative, start: readonly number[], shape: readonly number[]): DirectionField {
  const f = op.v;
  if (f.constant) return f;
  const w = f.complex ? 2 : 1;
  const nd = op.dims.length;
  const data = new Float64Array(nd * prod(shape) * w);
  copyBox(f.data, [nd, ...op.dims], [0, ...start], data, [nd, ...shape], [0, ...shape.map(() => 0)], [nd, ...shape], w);
  return DirectionField.parse(op.name, { shape: [nd, ...shape], data: Array.from(data) }, shape, op.dtype);
}
