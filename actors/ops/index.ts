/**
 * Barrel of actors/ops: operators as message protocols over the partition actors. Importing it
 * registers the actor commands and installs `applyDistributed`, so `op.matvec(distributedArray)` works.
 */
export { applyDistributed } from './dispatch.ts';
export { DistributedUnsupportedError } from './errors.ts';
export { dottestDistributed, type DistributedDotTestOptions } from './dottest.ts';
export { haloTraffic, type Traffic } from './launch.ts';
export { TrafficMeter } from './meter.ts';
export { StackedArray, type Distributed } from './StackedArray.ts';
export { buildSide, sideArray, sideLayout, segments, type Segment, type SideLayout } from './stack.ts';
export { StackedVectors, leavesOf } from './StackedVectors.ts';
