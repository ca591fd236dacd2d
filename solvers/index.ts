/** Barrel of solvers/ (public names only). */
export * from './cg.ts';
export * from './cgls.ts';
export * from './lsqr.ts';
export * from './ista.ts';
export * from './fista.ts';
export * from './power_iteration.ts';
