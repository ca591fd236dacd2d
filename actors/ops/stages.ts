/**
 * Stencil operators as stages of axis terms, for the halo-exchange protocol. The same function runs in
 * the driver (to shape the output) and in every partition actor (to get the kernels), so both agree on
 * the plan without sending kernels over the wire: the actor rebuilds the operator from its spec.
 *
 * A stage reads one array and writes one: output component c of a block is, over the stage's terms
 * with outComp = c in order, y = K_0 x[i_0]; y = w_0 · y (w_0 ≠ 1); y = y + w_t · (K_t x[i_t]) by the
 * kernel's accumulating call (K: forward or adjoint along the term's axis, x[i] component i of a stacked
 * input). This is exactly the arithmetic of the local operators (operators/derivatives/types.ts
 * AxisTerm, Smoothing2D's two passes), so results are bit-identical.
 */
import { type DType, isComplex, isSingle } from '../../operators/core/dtype.ts';
import type { AxisKernel } from '../../operators/core/kernel.ts';
import type { AddKernel } from './rows.ts';
import type { LinearOperator, Spec } from '../../operators/core/LinearOperator.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import '../../operators/index.ts'; // registers every operator with fromSpec (worker processes rebuild specs)
import { Diagonal } from '../../operators/basic/Diagonal.ts';
import { AxisStencilOperator } from '../../operators/derivatives/AxisStencilOperator.ts';
import { FirstDirectionalDerivative } from '../../operators/derivatives/FirstDirectionalDerivative.ts';
import { Gradient } from '../../operators/derivatives/Gradient.ts';
import { Laplacian } from '../../operators/derivatives/Laplacian.ts';
import type { AxisTerm } from '../../operators/derivatives/types.ts';
import { Convolve1D } from '../../operators/signal/Convolve1D.ts';
import { Smoothing2D } from '../../operators/signal/Smoothing2D.ts';

/** One kernel run of a stage: along `axis` of the (unstacked) dims, reading input component `inComp`. */
export interface StageTerm {
  axis: number;
  /** An accumulating kernel (forwardAdd/adjointAdd) when the stage sums several terms into one output. */
  kernel: AddKernel;
  weight: number;
  inComp: number;
  outComp: number;
}

export interface Stage {
  terms: StageTerm[];
  /** Components of a stacked input ([n, ...dims], Gradient's data side); 0 when not stacked. */
  stackedIn: number;
  /** Components of a stacked output; 0 when not stacked. */
  stackedOut: number;
  /** The stage writes a double-precision intermediate (Smoothing2D's first pass). */
  wide: boolean;
}

const single = (axis: number, kernel: AxisKernel): Stage => ({ terms: [{ axis, kernel, weight: 1, inComp: 0, outComp: 0 }], stackedIn: 0, stackedOut: 0, wide: false });
const summed = (terms: AxisTerm[]): StageTerm[] => terms.map((t) => ({ axis: t.axis, kernel: t.kernel, weight: t.weight, inComp: 0, outComp: 0 }));

/** The stages of `op` applied forward (or adjoint), or undefined when `op` is not a stencil operator. */
export function stencilStages(op: LinearOperator, adjoint: boolean): Stage[] | undefined {
  if (op instanceof AxisStencilOperator || op instanceof Laplacian) return [{ terms: summed(op.axisKernels()), stackedIn: 0, stackedOut: 0, wide: false }];
  if (op instanceof Gradient || op instanceof FirstDirectionalDerivative) {
    // FirstDirectionalDerivative: its Gradient part only (directional.ts adds the products with v)
    const n = op.dims.length;
    const terms = op.axisKernels().map((t) => ({ axis: t.axis, kernel: t.kernel, weight: t.weight, inComp: adjoint ? t.component : 0, outComp: adjoint ? 0 : t.component }));
    return [{ terms, stackedIn: adjoint ? n : 0, stackedOut: adjoint ? 0 : n, wide: false }];
  }
  if (op instanceof Smoothing2D) {
    const [first, second] = adjoint ? [op.passes[1], op.passes[0]] : op.passes;
    return [{ ...single(first.axis, first.kernel), wide: true }, single(second.axis, second.kernel)];
  }
  if (op instanceof Convolve1D && !op.isLong) return [single(op.axis, op.axisKernel())];
  if (op instanceof Diagonal && isBroadcast(op)) return [single(op.axis, op.axisKernel())];
  return undefined;
}

/** A Diagonal whose 1-D `diag` is broadcast along `axis` (rather than one value per sample). */
export function isBroadcast(op: Diagonal): boolean {
  const n = isComplex(op.dtype) ? op.diag.length / 2 : op.diag.length;
  return op.dims.length > 1 && n !== op.dims.reduce((a, b) => a * b, 1);
}

/** The dtype of a stage's output: the operator's, or its double-precision form for a wide stage. */
export function stageDtype(stage: Stage, out: DType): DType {
  if (!stage.wide || !isSingle(out)) return out;
  return isComplex(out) ? 'complex128' : 'float64';
}

const cache = new Map<string, LinearOperator>();
const CACHE_SIZE = 64;

/** The operator of a spec, built once per actor (the key is the spec's JSON). */
export function cachedOperator(spec: Spec): LinearOperator {
  const key = JSON.stringify(spec);
  let op = cache.get(key);
  if (!op) {
    op = fromSpec(spec);
    cache.set(key, op);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return op;
}
