/** Barrel of operators/stack: block operators built from other operators. */
export { BlockOperator, type BlockEntry, type BlockLayout } from './BlockOperator.ts';
export * from './VStack.ts';
export * from './HStack.ts';
export * from './BlockDiag.ts';
export * from './Block.ts';
