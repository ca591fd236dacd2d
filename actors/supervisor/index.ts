/** Barrel of actors/supervisor/: automatic recovery of NATS clusters from lost workers. */
export { Supervisor, WorkersUnavailableError, recoveredBlocks, type Recovery, type SupervisorOptions } from './Supervisor.ts';
export { supervisedSolve, RecoveryLimitError, type SupervisedSolveOptions, type SupervisedResult } from './supervisedSolve.ts';
export { replan, homecoming } from './replan.ts';
