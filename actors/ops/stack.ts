/**
 * VStack, HStack, BlockDiag and Block (operators/stack BlockOperator) on distributed arrays: each block
 * A_b runs its own protocol on its input segment, and the outputs become the segments of a
 * StackedArray (or one DistributedArray when the output side is a single segment):
 *
 *   forward: y_r = Σ_{b: row_b = r} A_b x_{col_b};   adjoint: x_c = Σ_{b: col_b = c} A_b^H y_{row_b}
 *
 * with the sum in block order (the first block of a segment sets it, later ones add: the local
 * BlockOperator's order, so the bits are the local ones). A side whose blocks all span it (VStack's
 * model, HStack's data) is a plain distributed array given to every block; any other side is a
 * StackedArray with one part per segment, in offset order. Segments must tile the side (as every stack
 * of operators/stack does); a side they do not tile throws DistributedUnsupportedError.
 */
import { ShapeMismatchError } from '../../operators/core/errors.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { BlockOperator } from '../../operators/stack/BlockOperator.ts';
import { Adjoint } from '../../operators/algebra/Adjoint.ts';
import { Conjugated } from '../../operators/algebra/Conjugated.ts';
import { Power } from '../../operators/algebra/Power.ts';
import { Product } from '../../operators/algebra/Product.ts';
import { Scaled } from '../../operators/algebra/Scaled.ts';
import { Sum } from '../../operators/algebra/Sum.ts';
import { DistributedUnsupportedError } from './errors.ts';
import { type Distributed, StackedArray } from './StackedArray.ts';

/** One segment of a stack side: samples [offset, offset + size), the operator side `dims` it holds. */
export interface Segment {
  offset: number;
  size: number;
  /** A block operator reading or writing the segment (its dims on that side). */
  op: LinearOperator;
}

type Side = 'model' | 'data';

/** The segments of a side of `op` in offset order, or undefined when every block spans the whole side. */
export function segments(op: BlockOperator, side: Side): Segment[] | undefined {
  const total = side === 'model' ? op.shape[1] : op.shape[0];
  const byOffset = new Map<number, Segment>();
  for (const e of op.entries) {
    const [offset, size] = side === 'model' ? [e.col, e.op.shape[1]] : [e.row, e.op.shape[0]];
    const s = byOffset.get(offset);
    if (s && s.size !== size) throw new DistributedUnsupportedError(op.name, `blocks at ${side} offset ${offset} cover ${s.size} and ${size} samples`);
    if (!s) byOffset.set(offset, { offset, size, op: e.op });
  }
  const segs = [...byOffset.values()].sort((a, b) => a.offset - b.offset);
  let at = 0;
  for (const s of segs) {
    if (s.offset !== at) throw new DistributedUnsupportedError(op.name, `its blocks do not tile the ${side} side (a gap or overlap at sample ${at})`);
    at += s.size;
  }
  if (at !== total) throw new DistributedUnsupportedError(op.name, `its blocks cover ${at} of the ${total} ${side} samples`);
  return segs.length === 1 ? undefined : segs;
}

type Apply = (op: LinearOperator, x: Distributed, adjoint: boolean) => Distributed;
type Add = (name: string, u: Distributed, v: Distributed) => Distributed;

/** The stack `op` applied to `x` (forward, or adjoint); intermediates are freed once summed. */
export function applyStack(op: BlockOperator, x: Distributed, adjoint: boolean, apply: Apply, add: Add): Distributed {
  const [inSide, outSide]: Side[] = adjoint ? ['data', 'model'] : ['model', 'data'];
  const ins = segments(op, inSide);
  const outs = segments(op, outSide);
  const name = `${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`;
  if (ins && !(x instanceof StackedArray && x.parts.length === ins.length)) {
    throw new ShapeMismatchError(name, [ins.length], [x instanceof StackedArray ? x.parts.length : 1], `the ${inSide} side is stacked: give a StackedArray with one part per segment`);
  }
  const offsetOf = (side: Side, e: (typeof op.entries)[number]) => ((side === 'model') ? e.col : e.row);
  const results = new Map<number, Distributed>();
  for (const e of op.entries) {
    const from = offsetOf(inSide, e);
    const input = ins ? (x as StackedArray).parts[ins.findIndex((s) => s.offset === from)] : x instanceof StackedArray && x.parts.length === 1 ? x.parts[0] : x;
    const part = apply(e.op, input, adjoint); // A_b x_b (or A_b^H y_b)
    const to = offsetOf(outSide, e);
    const prev = results.get(to);
    results.set(to, prev ? add(name, prev, part) : part); // y_r = y_r + A_b x_b
  }
  if (!outs) return results.get(0)!;
  return new StackedArray(
    outs.map((s) => results.get(s.offset)!),
    adjoint ? op.dims : op.dimsd,
  );
}

/** The structure of a side: a leaf (one distributed array of `dims`) or stacked parts. */
export type SideLayout = { dims: readonly number[] } | { parts: SideLayout[]; shape: readonly number[] };

/** The layout of a side of `op`: stacked where a stack makes it so (nested, seen through the algebra). */
export function sideLayout(op: LinearOperator, side: Side): SideLayout {
  const inner = unwrap(op, side);
  if (inner) return sideLayout(inner.op, inner.side);
  if (!(op instanceof BlockOperator)) return { dims: side === 'model' ? op.dims : op.dimsd };
  const segs = segments(op, side);
  if (!segs) return sideLayout(op.entries[0].op, side);
  return { parts: segs.map((s) => sideLayout(s.op, side)), shape: side === 'model' ? op.dims : op.dimsd };
}

/** An array of `layout` with `make` building each leaf, in flat order (`index` counts the leaves). */
export function buildSide(layout: SideLayout, make: (dims: readonly number[], index: number) => Distributed, index = { n: 0 }): Distributed {
  if ('dims' in layout) return make(layout.dims, index.n++);
  return new StackedArray(
    layout.parts.map((p) => buildSide(p, make, index)),
    layout.shape,
  );
}

/** An array for a side of `op` (a StackedArray where the side is stacked) with `make` building each leaf. */
export function sideArray(op: LinearOperator, side: Side, make: (dims: readonly number[], index: number) => Distributed): Distributed {
  return buildSide(sideLayout(op, side), make);
}

const other = (side: Side): Side => (side === 'model' ? 'data' : 'model');

/** The operand of an algebra wrapper whose side is `op`'s side, and which of its sides that is. */
function unwrap(op: LinearOperator, side: Side): { op: LinearOperator; side: Side } | undefined {
  if (op instanceof Adjoint) return { op: op.op, side: other(side) };
  if (op instanceof Conjugated) return { op: op.op, side: op.transposed ? other(side) : side };
  if (op instanceof Scaled || op instanceof Power) return { op: op.op, side };
  if (op instanceof Sum) return { op: op.a, side };
  if (op instanceof Product) return side === 'model' ? { op: op.b, side } : { op: op.a, side };
  return undefined;
}
