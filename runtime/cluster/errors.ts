/** Typed errors of cluster launch and membership. */
import { ActorlopsError } from '../../operators/core/errors.ts';

/** A worker (partition actor) died or stopped answering; pending operations on it fail with this. */
export class WorkerLostError extends ActorlopsError {
  constructor(
    readonly worker: string,
    readonly reason: 'no-responders' | 'missed-heartbeats' | 'process-exit' | 'stopped',
    options?: { cause?: unknown },
  ) {
    super(`worker ${worker} lost (${reason})`, options);
  }
}

/** A cluster could not start or did not reach the expected membership in time. */
export class ClusterStartError extends ActorlopsError {
  constructor(
    readonly cluster: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cluster ${cluster} failed to start: ${reason}`, options);
  }
}

/** The cluster was closed; nothing more can run on it. */
export class ClusterClosedError extends ActorlopsError {
  constructor(readonly cluster: string) {
    super(`cluster ${cluster} is closed`);
  }
}
