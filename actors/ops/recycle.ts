/**
 * Output storage of the stencil protocol, recycled per actor: a fresh 64 MiB typed array costs about
 * 35–40 ms of page faults and zero-filling on first touch (measured here: 53 ms to write a fresh one
 * vs 13 ms to write it again), as much as the kernel itself at 4096². An actor that applies operators
 * in a loop (a solver, a benchmark) frees each output soon after; its storage then serves the next one.
 *
 * A buffer is reused only when the array the protocol stored it in is gone from the actor (freed), the
 * actor being the same (same ActorContext object). The protocol never stores one buffer in two arrays,
 * and commands on an array finish before its `free` runs, so nobody reads a recycled buffer. (This
 * relies on bulk sends copying a block into frames synchronously, as actors/bulk.ts does: a lazy send
 * that reads the block after its command returned would need the block kept alive.) Recycled storage is
 * not zeroed: only for outputs every sample of which the caller writes.
 */
import { type DType, type FloatArray, allocRaw, isComplex, isSingle } from '../../operators/core/dtype.ts';
import type { ActorContext } from '../registry.ts';

/** Outputs below this many numbers are cheap to allocate and not tracked. */
const MIN_LENGTH = 1 << 16;
/** Outputs remembered per actor (the oldest is forgotten), and freed ones kept for reuse at most. */
const KEEP = 8;
const SPARE = 2;

interface Entry {
  array: string;
  data: FloatArray;
  /** Set by `stored` once the block is in the array: before that the array's absence means nothing. */
  stored: boolean;
}

const byActor = new WeakMap<ActorContext, Entry[]>();

/**
 * Storage for `n` samples of `dtype` for a block of `array`; recycled (not zeroed) when possible. Call
 * `stored` once the block is set: a buffer whose command failed before that is never reused.
 */
export function outputStorage(ctx: ActorContext, array: string, dtype: DType, n: number): FloatArray {
  const len = isComplex(dtype) ? 2 * n : n;
  if (len < MIN_LENGTH) return allocRaw(dtype, len);
  let entries = byActor.get(ctx);
  if (!entries) byActor.set(ctx, (entries = []));
  const i = entries.findIndex((e) => e.stored && e.data.length === len && isSingle(dtype) === e.data instanceof Float32Array && !holds(ctx, e.array));
  const data = i >= 0 ? entries.splice(i, 1)[0].data : allocRaw(dtype, len);
  entries.push({ array, data, stored: false });
  let spare = 0;
  for (let k = entries.length - 1; k >= 0; k--) if (entries[k].stored && !holds(ctx, entries[k].array) && ++spare > SPARE) entries.splice(k, 1);
  if (entries.length > KEEP) entries.shift();
  return data;
}

/** Tells that `data` (from outputStorage) is now a block of its array: from then on, freeing the array frees it. */
export function stored(ctx: ActorContext, data: FloatArray): void {
  const e = byActor.get(ctx)?.find((q) => q.data === data);
  if (e) e.stored = true;
}

/** The actor still holds `array`. */
function holds(ctx: ActorContext, array: string): boolean {
  try {
    ctx.part(array);
    return true;
  } catch {
    return false;
  }
}
