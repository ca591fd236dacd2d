import type { DType } from '../core/dtype.ts';
import { InvalidParameterError, ShapeMismatchError } from '../core/errors.ts';
import type { LinearOperator, Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { operands } from '../algebra/bridge.ts';
import { BlockOperator, type BlockEntry, offsets, stackDType } from './BlockOperator.ts';

export interface BlockParams {
  /** Rows of operators (or specs): `[[A, B], [C, D]]`. */
  ops: readonly (readonly (LinearOperator | Spec)[])[];
  /** @defaultValue promotion of the items' dtypes */
  dtype?: DType;
}

/**
 * Block operator [[A_00, A_01, ...], [A_10, ...], ...], PyLops' `Block` (a VStack of HStacks).
 *
 * Forward: y_r = sum_c A_rc x_c; adjoint: x_c = sum_r A_rc^H y_r. Items of a row share their number of
 * rows; every row has the same total number of columns. dims = [sum of columns of a row],
 * dimsd = [sum of rows].
 *
 * @example
 * const K = new Block({ ops: [[A, B], [C, D]] });
 */
export class Block extends BlockOperator {
  readonly ops: readonly (readonly LinearOperator[])[];

  constructor(params: BlockParams) {
    if (!Array.isArray(params.ops) || params.ops.length === 0) {
      throw new InvalidParameterError('Block', 'ops', params.ops, 'a non-empty list of rows of operators');
    }
    const grid = params.ops.map((row, r) => operands('Block', `ops[${r}]`, row));
    const { entries, nRows, nCols } = layout(grid);
    super({ entries, dims: [nCols], dimsd: [nRows], dtype: stackDType('Block', params.dtype, entries.map((e) => e.op)) });
    this.ops = grid;
  }

  toSpec(): Spec {
    return { op: 'Block', params: { ops: this.ops.map((row) => row.map((op) => op.toSpec())), dtype: this.dtype } };
  }
}

/** Offsets of every item; checks that a row's items share their rows and that rows have equal widths. */
function layout(grid: LinearOperator[][]): { entries: BlockEntry[]; nRows: number; nCols: number } {
  const rowOffsets = offsets(grid.map((row) => row[0].shape[0]));
  const entries: BlockEntry[] = [];
  let width = -1;
  grid.forEach((row, r) => {
    const height = row[0].shape[0];
    const cols = offsets(row.map((op) => op.shape[1]));
    row.forEach((op, c) => {
      if (op.shape[0] !== height) throw new ShapeMismatchError('Block', [height, op.shape[1]], op.shape, `ops[${r}][${c}] has ${op.shape[0]} rows; ops[${r}][0] has ${height}`);
      entries.push({ op, row: rowOffsets[r], col: cols[c] });
    });
    const total = cols[row.length];
    if (width >= 0 && total !== width) throw new ShapeMismatchError('Block', [width], [total], `row ops[${r}] has ${total} columns in all; ops[0] has ${width}`);
    width = total;
  });
  return { entries, nRows: rowOffsets[grid.length], nCols: width };
}

registerOperator('Block', (p) => new Block(p as unknown as BlockParams));
