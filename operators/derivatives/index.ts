/**
 * Barrel of operators/derivatives: PyLops' derivative family.
 *
 * For the distributed layer, every operator here exposes `axisKernels(): AxisTerm[]` — the 1-D stencils
 * (`AxisKernel`s of core/kernel.ts) it is made of, with the axis, scalar weight and data slab of each;
 * `AxisTerm` (types.ts) gives the exact order in which their outputs are combined so that a run on
 * blocks with halos is bit-identical to the local call. The directional derivatives add a direction field
 * (see their doc comments).
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
