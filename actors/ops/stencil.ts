/**
 * Driver side of the stencil operators on distributed arrays (derivatives, Laplacian, Gradient,
 * Convolve1D, Smoothing1D/2D, broadcast Diagonal): one `ops.stencil` command per actor and stage
 * (stencilCommand.ts does the halo exchange). All stages go out at once; the actors order them per
 * array, so an apply costs about one round trip.
 *
 * Gradient's stacked data side ([ndim, ...dims]) is chunked like the model on the spatial axes, with the
 * leading axis in one block, so block b of the data holds all ndim components of block b of the model
 * and sits on the same actor. A data array whose leading axis is chunked is rechunked first.
 *
 * Before an actor's first stencil command the driver sends it `ops.halo.open` (commands to one actor
 * run in the order sent), so its halo mailbox listens before most neighbours publish; a bundle that
 * still comes too early is sent again on request (haloMailbox.ts).
 */
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { ChunkGrid } from '../chunks.ts';
import type { DistributedArray } from '../DistributedArray.ts';
import { launch, outputDtype, owners } from './launch.ts';
import type { StencilArgs } from './stencilCommand.ts';
import { type Stage, stageDtype } from './stages.ts';

/** Runs the stages of a stencil operator on `x`; intermediates are freed once consumed. */
export function applyStencil(op: LinearOperator, x: DistributedArray, adjoint: boolean, stages: Stage[]): DistributedArray {
  const finalDtype = outputDtype(op, x.dtype, adjoint);
  let cur = x;
  const first = stages[0];
  if (first.stackedIn && cur.grid.counts[0] > 1) cur = cur.rechunk([[first.stackedIn], ...cur.grid.toJSON().slice(1)]);
  stages.forEach((stage, i) => {
    const dtype = i === stages.length - 1 ? finalDtype : stageDtype(stage, finalDtype);
    const next = runStage(op, cur, adjoint, i, stage, dtype);
    if (cur !== x) void cur.free().catch(() => {}); // ordered after `next`'s command on every actor
    cur = next;
  });
  return cur;
}

function runStage(op: LinearOperator, x: DistributedArray, adjoint: boolean, index: number, stage: Stage, dtype: StencilArgs['outDtype']): DistributedArray {
  const sizes = x.grid.toJSON().slice(stage.stackedIn ? 1 : 0);
  const spatial = sizes.map((s) => s.reduce((a, b) => a + b, 0));
  const shape = stage.stackedOut ? [stage.stackedOut, ...spatial] : spatial;
  const grid = new ChunkGrid(shape, stage.stackedOut ? [[stage.stackedOut], ...sizes] : sizes);
  const own = owners(x, grid);
  openMailboxes(x, own);
  const spec = op.toSpec();
  const timeout = x.cluster.driver.timeout;
  return launch(
    x.grid,
    x,
    'ops.stencil',
    (_, blocks, out): StencilArgs => ({ spec, adjoint, stage: index, x: x.id, out, outDtype: dtype, sizes, owners: own, blocks, tag: `${out}s${index}`, timeout }),
    { shape, dtype, grid },
    [x],
  );
}

const opened = new WeakMap<object, Set<string>>();

/** Sends `ops.halo.open` to each actor of `actors` not yet told on this cluster (not awaited). */
function openMailboxes(x: DistributedArray, actors: readonly string[]): void {
  let done = opened.get(x.cluster);
  if (!done) opened.set(x.cluster, (done = new Set()));
  for (const actor of new Set(actors)) {
    if (done.has(actor)) continue;
    done.add(actor);
    x.cluster.driver.command(actor, 'ops.halo.open', {}).catch(() => done.delete(actor));
  }
}
