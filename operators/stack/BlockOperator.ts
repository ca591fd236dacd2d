import { type DType, type FloatArray, promote } from '../core/dtype.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseBool, parseDType } from '../core/params.ts';
import { addInto, allocSide, need, sides } from '../algebra/bridge.ts';

/** One block of a block operator: `op` maps model samples [col, col + cols) to data samples [row, row + rows). */
export interface BlockEntry {
  op: LinearOperator;
  row: number;
  col: number;
}

/** Geometry of a block operator, computed by each stack from its items. */
export interface BlockLayout {
  entries: BlockEntry[];
  dims: readonly number[];
  dimsd: readonly number[];
  dtype: DType;
}

/**
 * Shared body of VStack, HStack, BlockDiag and Block: a sparse grid of operators over flat segments.
 *
 * Forward: y[row_b : row_b + rows_b] += A_b x[col_b : col_b + cols_b] over the blocks b; adjoint:
 * x[col_b : ...] += A_b^H y[row_b : ...]. Each child is called through its public `applyFlat`, so a
 * real child in a complex stack acts on re and im parts.
 */
export abstract class BlockOperator extends LinearOperator {
  readonly entries: readonly BlockEntry[];

  protected constructor(layout: BlockLayout) {
    const ops = layout.entries.map((e) => e.op);
    super({
      dims: layout.dims,
      dimsd: layout.dimsd,
      dtype: layout.dtype,
      ...sides(ops.map((op) => need(op, 'model')), ops.map((op) => need(op, 'data')), layout.dtype),
    });
    this.entries = layout.entries;
  }

  protected forward(x: FloatArray): FloatArray {
    return this.run(x, false);
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.run(y, true);
  }

  /** out = sum over blocks of A_b v_b (or A_b^H v_b), each written at its offset. */
  private run(v: FloatArray, adjoint: boolean): FloatArray {
    const [inComplex, outComplex] = adjoint ? [this.dataComplex, this.modelComplex] : [this.modelComplex, this.dataComplex];
    const [nRows, nCols] = this.shape;
    const out = allocSide(this.dtype, adjoint ? nCols : nRows, outComplex);
    const w = inComplex ? 2 : 1;
    const written: [number, number][] = []; // output segments already written: later overlapping ones add
    for (const { op, row, col } of this.entries) {
      const [rows, cols] = op.shape;
      const [from, n, to, m] = adjoint ? [row, rows, col, cols] : [col, cols, row, rows];
      const part = op.applyFlat(v.subarray(w * from, w * (from + n)), adjoint); // A_b v_b
      const overlaps = written.some(([a, b]) => to < b && a < to + m);
      addInto(out, outComplex, to, part, m, overlaps); // out_b (+)= A_b v_b
      written.push([to, to + m]);
    }
    return out;
  }

  /** The spec params of the stack's items (rows of specs for Block). */
  abstract toSpec(): Spec;
}

/** The stack's dtype: `params.dtype` if given, else PyLops' promotion of the items. */
export function stackDType(name: string, dtype: unknown, ops: readonly LinearOperator[]): DType {
  return parseDType(name, dtype, promote(...ops.map((op) => op.dtype)));
}

/** The common `dims` (or `dimsd`) of the items, or `flat` when they differ or `forceflat` is set. */
export function commonOr(name: string, shapes: readonly (readonly number[])[], flat: readonly number[], forceflat: unknown): readonly number[] {
  if (parseBool(name, 'forceflat', forceflat, false)) return flat;
  const first = shapes[0];
  return shapes.every((s) => s.length === first.length && s.every((d, i) => d === first[i])) ? first : flat;
}

/** Running offsets [0, s0, s0 + s1, ...] of a list of sizes. */
export function offsets(sizes: readonly number[]): number[] {
  const out = [0];
  for (const s of sizes) out.push(out[out.length - 1] + s);
  return out;
}
