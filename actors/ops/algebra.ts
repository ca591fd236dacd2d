/**
 * Operator algebra on distributed arrays: the wrappers of operators/algebra compose the distributed
 * applies of their operands with DistributedArray vector operations, reproducing the local arithmetic:
 *
 * - Adjoint: A's other direction; Conj / Transposed: conj(B conj(x)) (conj skipped for real arrays);
 * - Product: A (B x), adjoint B^H (A^H y);
 * - Sum: A x + B x (axpy with alpha 1: the same bits as the local u + v); B's result is rechunked to A's
 *   grid when they differ; stacked arrays (StackedArray.ts) add, scale and conjugate part by part;
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
import { type Distributed, perPart, zipParts } from './StackedArray.ts';

type Apply = (op: LinearOperator, x: Distributed, adjoint: boolean) => Distributed;

/** The algebra wrapper `op` applied to `x` (stacked arrays part by part), or undefined when `op` is not one. */
export function applyAlgebra(op: LinearOperator, x: Distributed, adjoint: boolean, apply: Apply): Distributed | undefined {
  if (op instanceof Adjoint) return apply(op.op, x, !adjoint);
  if (op instanceof Conjugated) return then(perPart(x, conjugate), x, (u) => perPart(apply(op.op, u, adjoint !== op.transposed), conjugate));
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
function then(u: Distributed, input: Distributed, f: (u: Distributed) => Distributed): Distributed {
  const v = f(u);
  if (u !== input && u !== v) void u.free().catch(() => {});
  return v;
}

function sum(op: Sum, x: Distributed, adjoint: boolean, apply: Apply): Distributed {
  return addArrays(`${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`, apply(op.a, x, adjoint), apply(op.b, x, adjoint));
}

/**
 * u + v (part by part for stacked arrays), freeing u and v: axpy with alpha 1 gives the bits of the
 * local u + v; v is rechunked to u's grid when they differ.
 */
export function addArrays(name: string, u: Distributed, v: Distributed): Distributed {
  return zipParts(name, u, v, (a, b) => {
    if (a.dtype !== b.dtype) throw new DTypeError(name, `operands giving the same dtype (the first gives ${a.dtype})`, b.dtype);
    const c = b.grid.equals(a.grid) ? b : b.rechunk(a.grid.toJSON());
    const out = c.axpy(1, a); // 1·a + c = a + c
    for (const w of new Set([a, b, c])) void w.free().catch(() => {});
    return out;
  });
}

function scaled(op: Scaled, x: Distributed, adjoint: boolean, apply: Apply): Distributed {
  outputDtype(op, x.dtype, adjoint);
  const side = adjoint ? op.modelComplex : op.dataComplex;
  const [re, im] = op.scalar;
  return then(apply(op.op, x, adjoint), x, (v) => perPart(v, (p: DistributedArray) => scale(p, re, adjoint ? -im : im, !side, sideDtype(op.dtype, side || isComplex(p.dtype)))));
}
