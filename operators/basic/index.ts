/** Barrel of operators/basic. */
export * from './Diagonal.ts';
export * from './MatrixMult.ts';
export * from './Identity.ts';
export * from './Zero.ts';
export * from './Restriction.ts';
export * from './Roll.ts';
export * from './Transpose.ts';
export * from './gather.ts';
