/** Checkpoint stores (public names). */
export { JetStreamStore, type JetStreamStoreOptions, jetStreamStoreDefaults } from './JetStreamStore.ts';
export { type CheckpointStore, type CheckpointInfo, CheckpointNotFoundError, CheckpointCorruptError, JetStreamApiError } from './types.ts';
