/**
 * Operator algebra on distributed arrays: the wrappers of operators/algebra compose the distributed
 * applies of their operands with DistributedArray vector operations, reproducing the local arithmetic:
 *
 * - Adjoint: A's other direction; Conj / Transposed: conj(B conj(x)) (conj skipped for real arrays);
 * - Product: A (B x), adjoint B^H (A^H y);
 * - Sum: A x + B x (axpy with alpha 1: the same bits as the local u + v); B's result is rechunked to A's
 *   grid when they differ;
 * - Scaled: s (A x) (conj(s) in the adjoint) by `ops.scale`, per number on a real side as locally;
 * - Power: A applied p times (p = 0: a copy).
 * Intermediates are freed as soon as the next step is queued.
 */
import { isComplex } from '../../operators/core/dtype.ts';
import { DTypeError } from '../../operators/core/errors.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { Adjoint } from '../../operators/algebra/Adjoint.ts';
import { Conjugated } from '../../operators/algebra/Conjugated.ts';
import { Power } from '../../operators/algebra/Power.ts';
import { Product } from '../../operators/algebra/Product.ts';
import { Scaled } from '../../operators/algebra/Scaled.ts';
import { Sum } from '../../operators/algebra/Sum.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { conjugate, scale, sideDtype } from './elementwise.ts';
import { outputDtype } from './launch.ts';

type Apply = (op: LinearOperator, x: DistributedArray, adjoint: boolean) => DistributedArray;

/** The algebra wrapper `op` applied to `x`, or undefined when `op` is not one. */
export function applyAlgebra(op: LinearOperator, x: DistributedArray, adjoint: boolean, apply: Apply): DistributedArray | undefined {
  if (op instanceof Adjoint) return apply(op.op, x, !adjoint);
  if (op instanceof Conjugated) return then(conjugate(x), x, (u) => conjugate(apply(op.op, u, adjoint !== op.transposed)));
  if (op instanceof Product) {
    outputDtype(op, x.dtype, adjoint);
    return adjoint ? then(apply(op.a, x, true), x, (u) => apply(op.b, u, true)) : then(apply(op.b, x, false), x, (u) => apply(op.a, u, false));
  }
  if (op instanceof Sum) return sum(op, x, adjoint, apply);
  if (op instanceof Scaled) return scaled(op, x, adjoint, apply);
  if (op instanceof Power) {
    if (op.exponent === 0) return x.copy();
    let v = apply(op.op, x, adjoint);
    for (let k = 1; k < op.exponent; k++) v = then(v, x, (u) => apply(op.op, u, adjoint));
    return v;
  }
  return undefined;
}

/** f(u), freeing u afterwards unless it is the caller's input. */
function then(u: DistributedArray, input: DistributedArray, f: (u: DistributedArray) => DistributedArray): DistributedArray {
  const v = f(u);
  if (u !== input && u !== v) void u.free().catch(() => {});
  return v;
}

function sum(op: Sum, x: DistributedArray, adjoint: boolean, apply: Apply): DistributedArray {
  const u = apply(op.a, x, adjoint);
  let v = apply(op.b, x, adjoint);
  if (u.dtype !== v.dtype) throw new DTypeError(`${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`, `operands giving the same dtype (A gives ${u.dtype})`, v.dtype);
  if (!v.grid.equals(u.grid)) v = then(v, x, (w) => w.rechunk(u.grid.toJSON()));
  const out = v.axpy(1, u); // 1·u + v = u + v, the local order of the sum
  void u.free().catch(() => {});
  void v.free().catch(() => {});
  return out;
}

function scaled(op: Scaled, x: DistributedArray, adjoint: boolean, apply: Apply): DistributedArray {
  outputDtype(op, x.dtype, adjoint);
  const side = adjoint ? op.modelComplex : op.dataComplex;
  const [re, im] = op.scalar;
  return then(apply(op.op, x, adjoint), x, (v) => scale(v, re, adjoint ? -im : im, !side, sideDtype(op.dtype, side || isComplex(v.dtype))));
}
