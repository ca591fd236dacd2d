/** Barrel of operators/basic. */
export * from './Diagonal.ts';
