import type { DType } from '../core/dtype.ts';
import { ShapeMismatchError } from '../core/errors.ts';
import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { operands } from '../algebra/bridge.ts';
import { BlockOperator, commonOr, offsets, stackDType } from './BlockOperator.ts';

export interface VStackParams {
  /** Operators (or specs) with the same number of columns, stacked vertically. */
  ops: readonly (LinearOperator | Spec)[];
  /** Flatten `dims` even when all items share them. @defaultValue false */
  forceflat?: boolean;
  /** @defaultValue promotion of the items' dtypes */
  dtype?: DType;
}

/**
 * Vertical stack [A_0; A_1; ...] of operators sharing the model.
 *
 * Forward: y = [A_0 x; A_1 x; ...]; adjoint: x = sum_i A_i^H y_i with y_i the i-th data segment.
 * dims = the items' common dims (flat [M] if they differ); dimsd = [sum of rows].
 *
 * @example
 * const A = new VStack({ ops: [D, new Identity({ N: 8 })] }); // [D; I]
 */
export class VStack extends BlockOperator {
  readonly ops: readonly LinearOperator[];
  private readonly forceflat: boolean;

  constructor(params: VStackParams) {
    const ops = operands('VStack', 'ops', params.ops);
    const cols = ops[0].shape[1];
    ops.forEach((op, i) => {
      if (op.shape[1] !== cols) throw new ShapeMismatchError('VStack', [op.shape[0], cols], op.shape, `ops[${i}] has ${op.shape[1]} columns; ops[0] has ${cols}`);
    });
    const rows = offsets(ops.map((op) => op.shape[0]));
    super({
      entries: ops.map((op, i) => ({ op, row: rows[i], col: 0 })),
      dims: commonOr('VStack', ops.map((op) => op.dims), [cols], params.forceflat),
      dimsd: [rows[ops.length]],
      dtype: stackDType('VStack', params.dtype, ops),
    });
    this.ops = ops;
    this.forceflat = params.forceflat === true;
  }

  toSpec(): Spec {
    return { op: 'VStack', params: { ops: this.ops.map((op) => op.toSpec()), dtype: this.dtype, ...(this.forceflat ? { forceflat: true } : {}) } };
  }
}

registerOperator('VStack', (p) => new VStack(p as unknown as VStackParams));
