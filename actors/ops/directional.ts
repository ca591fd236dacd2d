/**
 * FirstDirectionalDerivative and SecondDirectionalDerivative on distributed arrays, as the local
 * operators compute them:
 *
 * - D_v forward: the Gradient stage (halo exchange, stacked output [ndim, ...dims] with block b of every
 *   component on block b's actor), then `ops.direction` combines y = Σ_k v_k ⊙ g_k per block;
 * - D_v adjoint: `ops.direction` expands u_k = conj(v_k) ⊙ y per block, then the Gradient adjoint stage;
 * - SecondDirectionalDerivative: -(D_v^H (D_v x)) (forward and adjoint alike), the negation exact.
 *
 * What moves: the halo slabs of the Gradient stage only; v never travels (each actor rebuilds the
 * operator from its spec and cuts v to its blocks).
 */
import { ChunkGrid } from '../chunks.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import type { FirstDirectionalDerivative } from '../../operators/derivatives/FirstDirectionalDerivative.ts';
import type { SecondDirectionalDerivative } from '../../operators/derivatives/SecondDirectionalDerivative.ts';
import type { DirectionArgs } from './directionCommand.ts';
import './directionCommand.ts';
import { scale } from './elementwise.ts';
import { launch, outputDtype } from './launch.ts';
import { stencilStages } from './stages.ts';
import { applyStencil } from './stencil.ts';

/** D_v x (or D_v^H y) for a FirstDirectionalDerivative. */
export function applyFirstDirectional(op: FirstDirectionalDerivative, x: DistributedArray, adjoint: boolean): DistributedArray {
  const dtype = outputDtype(op, x.dtype, adjoint);
  const stages = stencilStages(op, adjoint)!;
  if (!adjoint) {
    const g = applyStencil(op, x, false, stages);
    const y = direction(op, g, false, dtype);
    void g.free().catch(() => {});
    return y;
  }
  const u = direction(op, x, true, dtype);
  const out = applyStencil(op, u, true, stages);
  void u.free().catch(() => {});
  return out;
}

/** -(D_v^H (D_v x)), forward and adjoint alike. */
export function applySecondDirectional(op: SecondDirectionalDerivative, x: DistributedArray): DistributedArray {
  const dx = applyFirstDirectional(op.first, x, false);
  const back = applyFirstDirectional(op.first, dx, true);
  void dx.free().catch(() => {});
  const y = scale(back, -1, 0, true, back.dtype); // -1 · v = -v exactly
  void back.free().catch(() => {});
  return y;
}

/** `ops.direction` on every block: combine a stacked gradient (forward) or expand y (adjoint). */
function direction(op: FirstDirectionalDerivative, x: DistributedArray, adjoint: boolean, dtype: DistributedArray['dtype']): DistributedArray {
  const sizes = x.grid.toJSON().slice(adjoint ? 0 : 1);
  const nd = op.dims.length;
  const outSizes = adjoint ? [[nd], ...sizes] : sizes;
  const grid = new ChunkGrid(outSizes.map((s) => s.reduce((p, q) => p + q, 0)), outSizes);
  const spec = op.toSpec();
  return launch(x.grid, x, 'ops.direction', (_, blocks, out): DirectionArgs => ({ spec, adjoint, x: x.id, out, outDtype: dtype, sizes, blocks }), { shape: grid.shape, dtype, grid }, [x]);
}


