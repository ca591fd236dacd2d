import type { DType } from '../core/dtype.ts';
import { ShapeMismatchError } from '../core/errors.ts';
import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { operands } from '../algebra/bridge.ts';
import { BlockOperator, commonOr, offsets, stackDType } from './BlockOperator.ts';

export interface HStackParams {
  /** Operators (or specs) with the same number of rows, stacked horizontally. */
  ops: readonly (LinearOperator | Spec)[];
  /** Flatten `dimsd` even when all items share them. @defaultValue false */
  forceflat?: boolean;
  /** @defaultValue promotion of the items' dtypes */
  dtype?: DType;
}

/**
 * Horizontal stack [A_0, A_1, ...] of operators sharing the data.
 *
 * Forward: y = sum_i A_i x_i with x_i the i-th model segment; adjoint: x = [A_0^H y; A_1^H y; ...].
 * dims = [sum of columns]; dimsd = the items' common dimsd (flat [N] if they differ).
 *
 * @example
 * const A = new HStack({ ops: [M, D] }); // [M, D]
 */
export class HStack extends BlockOperator {
  readonly ops: readonly LinearOperator[];
  private readonly forceflat: boolean;

  constructor(params: HStackParams) {
    const ops = operands('HStack', 'ops', params.ops);
    const rows = ops[0].shape[0];
    ops.forEach((op, i) => {
      if (op.shape[0] !== rows) throw new ShapeMismatchError('HStack', [rows, op.shape[1]], op.shape, `ops[${i}] has ${op.shape[0]} rows; ops[0] has ${rows}`);
    });
    const cols = offsets(ops.map((op) => op.shape[1]));
    super({
      entries: ops.map((op, i) => ({ op, row: 0, col: cols[i] })),
      dims: [cols[ops.length]],
      dimsd: commonOr('HStack', ops.map((op) => op.dimsd), [rows], params.forceflat),
      dtype: stackDType('HStack', params.dtype, ops),
    });
    this.ops = ops;
    this.forceflat = params.forceflat === true;
  }

  toSpec(): Spec {
    return { op: 'HStack', params: { ops: this.ops.map((op) => op.toSpec()), dtype: this.dtype, ...(this.forceflat ? { forceflat: true } : {}) } };
  }
}

registerOperator('HStack', (p) => new HStack(p as unknown as HStackParams));
