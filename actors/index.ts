/** Barrel of actors/ (public names only). */
export { Cluster, launchCluster, connectCluster, type ClusterMode, type LaunchOptions, type ConnectOptions, type ConnectionOptions } from './Cluster.ts';
export { DistributedArray, type KeyOptions } from './DistributedArray.ts';
export { type ArrayOptions } from './ClusterCore.ts';
export { ChunkGrid, type ChunksSpec } from './chunks.ts';
export { PartitionActor, type PartitionActorOptions } from './PartitionActor.ts';
export { registerCommand, type CommandDef, type ActorContext } from './registry.ts';
export { runWorker, type WorkerOptions, type WorkerHandle } from './worker.ts';
export { ActorCommandError, ActorRestartedError, ArrayFreedError, ChunkGridMismatchError, ProtocolError, TransferTimeoutError, UnknownArrayError } from './errors.ts';
export { WorkerLostError, ClusterStartError, ClusterClosedError } from '../runtime/cluster/errors.ts';
// Operators as message protocols (installs `applyDistributed`) and the solvers' distributed vector space.
export * from './ops/index.ts';
export * from './vectors/index.ts';
export * from './supervisor/index.ts';
