import { type Spec, LinearOperator } from './LinearOperator.ts';
import { InvalidParameterError, UnknownOperatorError } from './errors.ts';

/** Builds an operator from the `params` of its spec; nested specs are built with `fromSpec`. */
export type SpecBuilder = (params: Record<string, unknown>) => LinearOperator;

const builders = new Map<string, SpecBuilder>();

/** Registers the builder for spec name `op` (each operator file registers itself). */
export function registerOperator(op: string, build: SpecBuilder): void {
  builders.set(op, build);
}

/** Names `fromSpec` knows. */
export function registeredOperators(): string[] {
  return [...builders.keys()].sort();
}

/**
 * Rebuilds an operator from a plain spec `{op, params}` (the reference-vector format).
 *
 * @example
 * const D = fromSpec({ op: 'FirstDerivative', params: { dims: [11, 21], axis: 0 } });
 */
export function fromSpec(spec: Spec): LinearOperator {
  if (!spec || typeof spec !== 'object' || typeof spec.op !== 'string') {
    throw new InvalidParameterError('fromSpec', 'spec', spec, 'an object {op: string, params: object}');
  }
  const build = builders.get(spec.op);
  if (!build) throw new UnknownOperatorError(spec.op);
  return build(spec.params ?? {});
}
