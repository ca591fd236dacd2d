/**
 * Block life-cycle commands: allocate (zeros or seeded random), put (scatter), get (gather), send a box
 * to another actor and assemble a block from boxes (rechunk), free, and the protocol's hello/noop.
 */
import { type DType, DTYPES, alloc, isComplex, isDType, prod } from '../../operators/core/dtype.ts';
import { DTypeError } from '../../operators/core/errors.ts';
import { sendBulk } from '../bulk.ts';
import { copyBox, fillRandom } from '../kernels.ts';
import { registerCommand } from '../registry.ts';

interface BlockSpec {
  b: number;
  start: number[];
  shape: number[];
}

const width = (d: DType) => (isComplex(d) ? 2 : 1);

/** Refuses a dtype that came over the wire unchecked (it would allocate float64 silently). */
function checkDType(command: string, d: unknown): DType {
  if (!isDType(d)) throw new DTypeError(command, `one of ${DTYPES.join(', ')}`, String(d));
  return d;
}

registerCommand<Record<string, never>>('noop', { arrays: () => [], run: () => null });

registerCommand<Record<string, never>>('hello', {
  arrays: () => [],
  run: (ctx) => ({ actor: ctx.actor, epoch: ctx.epoch, pid: process.pid }),
});

/** Allocates the listed blocks, zero-filled or with the numbers of `NDArray.random(global, seed)`. */
registerCommand<{ id: string; dtype: DType; blocks: BlockSpec[]; seed?: number; global?: number[] }>('alloc', {
  arrays: (a) => [a.id],
  async run(ctx, a) {
    checkDType('alloc', a.dtype);
    for (const s of a.blocks) {
      const data = alloc(a.dtype, prod(s.shape));
      if (a.seed !== undefined) {
        fillRandom(data, a.seed, a.global!, s.start, s.shape, width(a.dtype));
        await ctx.yield();
      }
      ctx.setBlock(a.id, a.dtype, s.b, { shape: s.shape, data });
    }
    return null;
  },
});

/** Stores block `b` from bulk transfer `t` (scatter). */
registerCommand<{ id: string; dtype: DType; b: number; shape: number[]; t: string; timeout: number }>('put', {
  arrays: (a) => [a.id],
  async run(ctx, a) {
    checkDType('put', a.dtype);
    const data = await ctx.takeTransfer(a.t, a.timeout);
    ctx.setBlock(a.id, a.dtype, a.b, { shape: a.shape, data });
    return null;
  },
});

/** Publishes block `b` to `to` as bulk transfer `t` (gather). */
registerCommand<{ id: string; b: number; to: string; t: string }>('get', {
  arrays: (a) => [a.id],
  run(ctx, a) {
    sendBulk(ctx.transport, a.to, a.t, ctx.block(a.id, a.b).data, ctx.part(a.id).dtype);
    return null;
  },
});

/** Publishes the box `box` (local to block `b`) to `to` as transfer `t` (rechunk source side). */
registerCommand<{ id: string; b: number; start: number[]; shape: number[]; to: string; t: string }>('sendBox', {
  arrays: (a) => [a.id],
  run(ctx, a) {
    const dtype = ctx.part(a.id).dtype;
    const src = ctx.block(a.id, a.b);
    const out = alloc(dtype, prod(a.shape));
    copyBox(src.data, src.shape, a.start, out, a.shape, a.shape.map(() => 0), a.shape, width(dtype));
    sendBulk(ctx.transport, a.to, a.t, out, dtype);
    return null;
  },
});

/** Builds block `b` of `shape` from boxes arriving as transfers (rechunk destination side). */
registerCommand<{ id: string; dtype: DType; b: number; shape: number[]; pieces: { t: string; at: number[]; shape: number[] }[]; timeout: number }>(
  'assemble',
  {
    arrays: (a) => [a.id],
    async run(ctx, a) {
      const data = alloc(a.dtype, prod(a.shape));
      const parts = await Promise.all(a.pieces.map((p) => ctx.takeTransfer(p.t, a.timeout)));
      parts.forEach((d, i) => copyBox(d, a.pieces[i].shape, a.pieces[i].shape.map(() => 0), data, a.shape, a.pieces[i].at, a.pieces[i].shape, width(a.dtype)));
      ctx.setBlock(a.id, a.dtype, a.b, { shape: a.shape, data });
      return null;
    },
  },
);

/** Drops the actor's part of an array. */
registerCommand<{ id: string }>('free', { arrays: (a) => [a.id], run: (ctx, a) => ctx.free(a.id) });
