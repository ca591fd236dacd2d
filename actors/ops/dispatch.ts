/**
 * `applyDistributed`: the operator's message protocol on a DistributedArray, chosen by the operator's
 * class, installed as LinearOperator's `applyDistributed` hook so `op.matvec(distributed)` returns a
 * DistributedArray (a pipelined handle) while `op.matvec(local)` is unchanged.
 *
 * | operators | protocol |
 * |---|---|
 * | FirstDerivative, SecondDerivative, Laplacian, Gradient, Convolve1D, Smoothing1D/2D, Diagonal (1-D diag broadcast) | halo exchange (stencil.ts) |
 * | FirstDirectionalDerivative, SecondDirectionalDerivative | Gradient's halo exchange and per-block products with v (directional.ts) |
 * | Diagonal (full diag), Identity (square), Zero | element-wise (elementwise.ts) |
 * | Restriction, Roll, FFT, MatrixMult, Convolve1D longer than its axis, rectangular Identity | redistribution (redistribute.ts) |
 * | Transpose | block moves (redistribute.ts) |
 * | Adjoint, Conj, Transposed, Product, Sum, Scaled, Power | composition (algebra.ts) |
 * | VStack, HStack, BlockDiag, Block | per block, stacked sides as StackedArray (stack.ts) |
 *
 * Anything else throws DistributedUnsupportedError naming the operator: nothing is gathered silently.
 */
import { DTypeError } from '../../operators/core/errors.ts';
import { hooks, type LinearOperator } from '../../operators/core/LinearOperator.ts';
import { Diagonal } from '../../operators/basic/Diagonal.ts';
import { Identity } from '../../operators/basic/Identity.ts';
import { Transpose } from '../../operators/basic/Transpose.ts';
import { Zero } from '../../operators/basic/Zero.ts';
import { DistributedArray } from '../DistributedArray.ts';
import { BlockOperator } from '../../operators/stack/BlockOperator.ts';
import { addArrays, applyAlgebra } from './algebra.ts';
import { applyStack } from './stack.ts';
import { FirstDirectionalDerivative } from '../../operators/derivatives/FirstDirectionalDerivative.ts';
import { SecondDirectionalDerivative } from '../../operators/derivatives/SecondDirectionalDerivative.ts';
import { applyFirstDirectional, applySecondDirectional } from './directional.ts';
import { StackedArray, type Distributed } from './StackedArray.ts';
import { applyFullDiagonal, applyIdentity, applyZero } from './elementwise.ts';
import { DistributedUnsupportedError } from './errors.ts';
import { checkShape } from './launch.ts';
import { applyAlongAxis, applyTranspose, axisOperator } from './redistribute.ts';
import { applyStencil } from './stencil.ts';
import { stencilStages } from './stages.ts';
import './stencilCommand.ts';
import './blockCommand.ts';
import './elementwiseCommands.ts';

/** y = op x (or x = op^H y when `adjoint`) on a distributed (or stacked) array; the result stays in the actors. */
export function applyDistributed(op: LinearOperator, x: DistributedArray, adjoint: boolean): DistributedArray;
export function applyDistributed(op: LinearOperator, x: Distributed, adjoint: boolean): Distributed;
export function applyDistributed(op: LinearOperator, x: Distributed, adjoint: boolean): Distributed {
  const name = `${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`;
  if (!(x instanceof DistributedArray || x instanceof StackedArray)) throw new DTypeError(name, 'a DistributedArray or StackedArray', String(x));
  x.check(name);
  checkShape(op, x, adjoint);
  if (op instanceof BlockOperator) return applyStack(op, x, adjoint, applyDistributed, addArrays);
  const composed = applyAlgebra(op, x, adjoint, applyDistributed);
  if (composed) return composed;
  if (x instanceof StackedArray) throw new DistributedUnsupportedError(op.name, 'a StackedArray is taken by stack operators and the operator algebra only');
  if (op instanceof FirstDirectionalDerivative) return applyFirstDirectional(op, x, adjoint);
  if (op instanceof SecondDirectionalDerivative) return applySecondDirectional(op, x);
  const stages = stencilStages(op, adjoint);
  if (stages) return applyStencil(op, x, adjoint, stages);
  if (op instanceof Diagonal) return applyFullDiagonal(op, x, adjoint);
  const ax = axisOperator(op);
  if (ax) return applyAlongAxis(op, ax, x, adjoint);
  if (op instanceof Transpose) return applyTranspose(op, x, adjoint);
  if (op instanceof Identity) return applyIdentity(op, x, adjoint);
  if (op instanceof Zero) return applyZero(op, x, adjoint);
  throw new DistributedUnsupportedError(op.name, 'no distributed protocol for this operator (see actors/ops/dispatch.ts for the supported ones)');
}

hooks.applyDistributed = (op, x, adjoint) => applyDistributed(op, x as Distributed, adjoint);
