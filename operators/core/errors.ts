/** Typed errors of actorlops. Each carries the offending values as fields; check with `instanceof`. */

/** Base class of every error actorlops throws on purpose. */
export class ActorlopsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An array's size or shape does not match what the operator expects. */
export class ShapeMismatchError extends ActorlopsError {
  constructor(
    readonly operator: string,
    readonly expected: readonly number[],
    readonly received: readonly number[],
    detail = '',
  ) {
    super(
      `invalid argument. ${operator} expects shape [${expected.join(', ')}]; received [${received.join(', ')}]${detail ? `. ${detail}` : ''}`,
    );
  }
}

/** An array of an unsupported element type (e.g. a plain JS array or an Int32Array). */
export class DTypeError extends ActorlopsError {
  constructor(
    readonly operator: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`invalid argument. ${operator} expects ${expected}; received ${received}`);
  }
}

/** A constructor parameter is out of its domain (unknown kind, axis out of range, empty dims, ...). */
export class InvalidParameterError extends ActorlopsError {
  constructor(
    readonly operator: string,
    readonly parameter: string,
    readonly value: unknown,
    must: string,
  ) {
    super(`invalid argument. ${operator}: \`${parameter}\` must be ${must}. Value: \`${show(value)}\``);
  }
}

/** `fromSpec` met an operator name it does not know. */
export class UnknownOperatorError extends ActorlopsError {
  constructor(readonly op: unknown) {
    super(`unknown operator \`${show(op)}\` in spec`);
  }
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(v);
  }
}
