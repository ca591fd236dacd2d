/** Barrel of solvers/ (public names only). */
export * from './cg.ts';
export * from './cgls.ts';
export * from './lsqr.ts';
export * from './ista.ts';
export * from './fista.ts';
export * from './power_iteration.ts';
export * from './div.ts';
export { resume, setDistributedSpace, registerSolver, type ResumeOptions } from './solve.ts';
export { LocalVectors, type LocalLayout } from './LocalVectors.ts';
export { KeyedOps, type VectorSpace, type ElementwiseKernel } from './vectors.ts';
export { elementwise, softThreshold, hardThreshold, halfThreshold, THRESH_KINDS, type ThreshKind, type ElementwiseFn } from './kernels.ts';
export { CheckpointError, readCheckpoint, writeCheckpoint, type CheckpointData } from './checkpoint.ts';
export { SolverFailedError } from './driver.ts';
export { MissingVectorError } from './handles.ts';
export { Progress } from './progress.ts';
export { solverMachine, commandKey, type SolverMachine } from './machine.ts';
export type * from './types.ts';
