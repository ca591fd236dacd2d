/** The local derivative kernels run into a preallocated output: the single-thread floor the benches compare with. */
import type { LinearOperator } from '../index.ts';
import { applyAxisSum } from '../operators/derivatives/apply.ts';
import type { AxisTerm } from '../operators/derivatives/types.ts';
import { localWindow } from '../operators/core/kernel.ts';

export type WithKernels = LinearOperator & { axisKernels(): AxisTerm[] };

/** The operator's sum of axis kernels into a preallocated output (what matvec does minus the allocation). */
export function intoPreallocated(op: WithKernels, x: Float64Array, out: Float64Array, adjoint: boolean): void {
  const terms = op.axisKernels();
  if (terms.length === 1) {
    const w = localWindow(op.dims, terms[0].axis);
    if (adjoint) terms[0].kernel.adjoint(x, out, w);
    else terms[0].kernel.forward(x, out, w);
  } else applyAxisSum(op.dims, false, terms.map((t) => ({ ...t, input: x })), adjoint, out);
}

