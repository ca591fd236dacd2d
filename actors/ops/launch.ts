/**
 * Driver-side helpers of the operator protocols: send one command per actor holding blocks of a grid
 * (all at once, pipelined behind the inputs) and wrap the result as a new DistributedArray handle.
 * Each command's idempotency key is `<output id>@<actor>`, so re-sending it is harmless.
 */
import type { DType } from '../../operators/core/dtype.ts';
import { DTypeError, ShapeMismatchError } from '../../operators/core/errors.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import type { ChunkGrid } from '../chunks.ts';
import { DistributedArray } from '../DistributedArray.ts';

/** Halo bundles an apply published between actors (each actor reports its own). */
export interface Traffic {
  messages: number;
  bytes: number;
}

const traffic = new WeakMap<DistributedArray, Promise<Traffic>>();

/** The halo traffic of the stencil stage that produced `a` (zero for arrays made otherwise). */
export function haloTraffic(a: DistributedArray): Promise<Traffic> {
  return traffic.get(a) ?? Promise.resolve({ messages: 0, bytes: 0 });
}

export interface OutputSpec {
  shape: readonly number[];
  dtype: DType;
  grid: ChunkGrid;
}

/**
 * Sends `command` to each actor owning blocks of `grid` with `args(actor, blocks, outId)`, and returns
 * the handle of the output array it creates; `extra` sends further commands that complete it. `inputs`
 * are awaited for error reporting only (the actors order commands per array themselves).
 */
export function launch(
  grid: ChunkGrid,
  like: DistributedArray,
  command: string,
  args: (actor: string, blocks: number[], out: string) => object,
  out: OutputSpec,
  inputs: DistributedArray[],
  extra: (out: string) => Promise<unknown>[] = () => [],
): DistributedArray {
  const cluster = like.cluster;
  const id = cluster.newArrayId();
  const first = cluster.perActor(grid, (actor, blocks) => cluster.driver.command(actor, command, args(actor, blocks, id), `${id}@${actor}`));
  const more = extra(id);
  const sent = Promise.all([first, ...more]).then(() => first);
  sent.catch(() => {});
  const done = Promise.all(inputs.map((x) => x.ready)).then(() => sent);
  const result = new DistributedArray(cluster, id, out.shape, out.dtype, out.grid, done.then(() => undefined));
  const counted = done.then((replies) => sumTraffic(replies));
  counted.catch(() => {}); // a failed apply rejects through `result.ready`; the traffic count must not crash the process
  traffic.set(result, counted);
  return result;
}

function sumTraffic(replies: unknown[]): Traffic {
  const t = { messages: 0, bytes: 0 };
  for (const r of replies) {
    if (r && typeof r === 'object' && 'messages' in r) {
      t.messages += (r as Traffic).messages;
      t.bytes += (r as Traffic).bytes;
    }
  }
  return t;
}

/** Owner of every block of `grid`. */
export function owners(like: DistributedArray, grid: ChunkGrid): string[] {
  return Array.from({ length: grid.nblocks }, (_, b) => like.cluster.owner(grid, b));
}

/** Throws unless `x` has the shape the operator expects on that side. */
export function checkShape(op: LinearOperator, x: { shape: readonly number[] }, adjoint: boolean): void {
  const want = adjoint ? op.dimsd : op.dims;
  if (want.length !== x.shape.length || want.some((n, a) => n !== x.shape[a])) {
    throw new ShapeMismatchError(`${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`, [...want], [...x.shape], 'a DistributedArray must have the exact dims (or dimsd) of the operator');
  }
}

/**
 * The dtype of `op` applied to an array of dtype `x`: complex when the output side is (or when a real
 * operator passes complex values through), in the operator's precision. Throws DTypeError when the
 * input's kind does not match the side (convert it first; the local operator converts silently).
 */
export function outputDtype(op: LinearOperator, x: DType, adjoint: boolean): DType {
  const inComplex = adjoint ? op.dataComplex : op.modelComplex;
  const outComplex = adjoint ? op.modelComplex : op.dataComplex;
  const xc = x === 'complex64' || x === 'complex128';
  if (xc !== inComplex && !(xc && op.isReal)) throw new DTypeError(`${op.name}.${adjoint ? 'rmatvec' : 'matvec'}`, inComplex ? 'a complex DistributedArray' : 'a real DistributedArray', x);
  const single = op.dtype === 'float32' || op.dtype === 'complex64';
  if (outComplex || (xc && op.isReal)) return single ? 'complex64' : 'complex128';
  return single ? 'float32' : 'float64';
}
