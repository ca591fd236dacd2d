/**
 * Chunking of bulk data under the transport's max payload: one frame per chunk of at most
 * `maxChunkBytes` (default 512 KiB, a multiple of 8 so every chunk starts on an element), each
 * carrying `{transferId, index, count, offset, total}` and the transfer's metadata.
 *
 * @example
 * for (const f of encodeChunks({ kind: 'data', dtype: 'float64', shape: [n] }, x, { transferId })) t.publish(s, f);
 */
import { encodeFrame, type FrameHeader } from './frame.ts';

export interface ChunkOptions {
  /** Identifies the transfer at the receiver; unique per sender (e.g. `${actor}.${seq}`). */
  transferId: string;
  /** Largest raw part per chunk (rounded down to a multiple of 8). @defaultValue 512 KiB */
  maxChunkBytes?: number;
}

export const DEFAULT_CHUNK_BYTES = 512 * 1024;

/** Splits `raw` into chunk frames (at least one, even for empty data). */
export function encodeChunks(
  meta: Omit<FrameHeader, 'byteLength' | 'chunk'>,
  raw: ArrayBufferView,
  options: ChunkOptions,
): Uint8Array[] {
  return [...chunkFrames(meta, raw, options)];
}

/**
 * The frames of {@link encodeChunks}, each encoded only when asked for: a sender that publishes each
 * before taking the next holds one chunk's copy at a time instead of the whole transfer's.
 */
export function* chunkFrames(meta: Omit<FrameHeader, 'byteLength' | 'chunk'>, raw: ArrayBufferView, options: ChunkOptions): Generator<Uint8Array> {
  const size = Math.max(8, Math.floor((options.maxChunkBytes ?? DEFAULT_CHUNK_BYTES) / 8) * 8);
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const total = bytes.byteLength;
  const count = Math.max(1, Math.ceil(total / size));
  for (let index = 0; index < count; index++) {
    const offset = index * size;
    const part = bytes.subarray(offset, Math.min(total, offset + size));
    yield encodeFrame({ ...meta, chunk: { transferId: options.transferId, index, count, offset, total } }, part);
  }
}
