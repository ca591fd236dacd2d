/** Typed errors of the distributed operator layer. Check with `instanceof`. */
import { ActorlopsError } from '../../operators/core/errors.ts';

/**
 * The operator has no distributed protocol (yet) for this input: nothing is gathered silently instead.
 * `operator` names the operator class, `reason` says what is missing.
 */
export class DistributedUnsupportedError extends ActorlopsError {
  constructor(
    readonly operator: string,
    readonly reason: string,
  ) {
    super(`${operator} cannot be applied to a DistributedArray: ${reason}`);
  }
}
