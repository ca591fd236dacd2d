import type { DType } from '../core/dtype.ts';
import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { operands } from '../algebra/bridge.ts';
import { BlockOperator, commonOr, offsets, stackDType } from './BlockOperator.ts';

export interface BlockDiagParams {
  /** Operators (or specs) placed on the block diagonal. */
  ops: readonly (LinearOperator | Spec)[];
  /** Flatten `dims`/`dimsd` even when all items share them. @defaultValue false */
  forceflat?: boolean;
  /** @defaultValue promotion of the items' dtypes */
  dtype?: DType;
}

/**
 * Block-diagonal operator diag(A_0, A_1, ...).
 *
 * Forward: y_i = A_i x_i for each pair of segments; adjoint: x_i = A_i^H y_i.
 * dims = [nops, ...dims] when all items share their dims, else [sum of columns]; dimsd likewise.
 *
 * @example
 * const B = new BlockDiag({ ops: [D, D] }); // dims [2, ...D.dims]
 */
export class BlockDiag extends BlockOperator {
  readonly ops: readonly LinearOperator[];
  private readonly forceflat: boolean;

  constructor(params: BlockDiagParams) {
    const ops = operands('BlockDiag', 'ops', params.ops);
    const rows = offsets(ops.map((op) => op.shape[0]));
    const cols = offsets(ops.map((op) => op.shape[1]));
    const stacked = (shapes: (readonly number[])[], total: number) => {
      const common = commonOr('BlockDiag', shapes, [], params.forceflat);
      return common.length > 0 ? [ops.length, ...common] : [total];
    };
    super({
      entries: ops.map((op, i) => ({ op, row: rows[i], col: cols[i] })),
      dims: stacked(ops.map((op) => op.dims), cols[ops.length]),
      dimsd: stacked(ops.map((op) => op.dimsd), rows[ops.length]),
      dtype: stackDType('BlockDiag', params.dtype, ops),
    });
    this.ops = ops;
    this.forceflat = params.forceflat === true;
  }

  toSpec(): Spec {
    return { op: 'BlockDiag', params: { ops: this.ops.map((op) => op.toSpec()), dtype: this.dtype, ...(this.forceflat ? { forceflat: true } : {}) } };
  }
}

registerOperator('BlockDiag', (p) => new BlockDiag(p as unknown as BlockDiagParams));
