/**
 * Barrel of actors/vectors: the solvers' vector space on distributed arrays. Importing it registers
 * the actor commands, installs the operators' distributed protocols (actors/ops) and makes
 * DistributedVectors the space of every solver called with a DistributedArray `y`, so
 * `await cgls(Op, yDistributed, { niter })` runs in the actors and returns a DistributedArray x.
 */
import { setDistributedSpace } from '../../solvers/solve.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { StackedArray, StackedVectors, sideLayout } from '../ops/index.ts';
import './commands.ts';
import { DistributedVectors } from './DistributedVectors.ts';

setDistributedSpace((y, op) => {
  // A stacked side (VStack, HStack, BlockDiag, Block) keeps one distributed array per segment.
  if (y instanceof StackedArray || 'parts' in sideLayout(op, 'model') || 'parts' in sideLayout(op, 'data')) {
    return StackedVectors.forOperator((y as StackedArray).cluster, op, { y: y as StackedArray });
  }
  const arr = y as DistributedArray;
  return DistributedVectors.forOperator(arr.cluster, op, { y: arr });
});

export { DistributedVectors, type DistributedVectorsOptions } from './DistributedVectors.ts';
export { VECTOR_COMMANDS } from './commands.ts';
