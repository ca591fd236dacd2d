/**
 * Barrel of operators/derivatives: PyLops' derivative family.
 *
 * For the distributed layer, every operator here except SecondDirectionalDerivative exposes
 * `axisKernels(): AxisTerm[]` — the 1-D stencils it is made of (`StencilAxisKernel`: core's `AxisKernel`
 * plus accumulating `forwardAdd` / `adjointAdd`), with the axis, scalar weight and data slab of each.
 * `AxisTerm` (types.ts) gives the exact call order, so that a run on blocks with halos (`halo` /
 * `haloAdjoint` samples on each side) is bit-identical to the local call:
 *   FirstDerivative, SecondDerivative: one term;   Laplacian: one term per axis, weighted;
 *   Gradient: term k writes data slab k;           FirstDirectionalDerivative: the Gradient terms, then
 *   Σ_k v_k ⊙ (slab k) — see its doc comment;      SecondDirectionalDerivative: -(first^H (first x)).
 */
export * from './types.ts';
export * from './stencils.ts';
export { stencilKernel, type KernelSite } from './StencilKernel.ts';
export * from './AxisStencilOperator.ts';
export * from './FirstDerivative.ts';
export * from './SecondDerivative.ts';
export * from './Laplacian.ts';
export * from './Gradient.ts';
export * from './DirectionField.ts';
export * from './FirstDirectionalDerivative.ts';
export * from './SecondDirectionalDerivative.ts';
