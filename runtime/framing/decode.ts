/** Decoding of received frames for an actor: rejects bad frames with FrameError and counts them. */
import { FrameError, FrameErrorCounter } from './errors.ts';
import { type DecodeOptions, decodeFrame, type Frame } from './frame.ts';
import type { Reassembler } from './Reassembler.ts';

/**
 * Decodes `buf`; on a malformed, truncated or oversize frame counts the error and returns it instead
 * of throwing (an actor logs it and carries on). Other errors are bugs and propagate.
 */
export function tryDecodeFrame(buf: Uint8Array, counter: FrameErrorCounter, options?: DecodeOptions): Frame | FrameError {
  try {
    return decodeFrame(buf, options);
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    counter.record(error);
    return error;
  }
}

/**
 * Feeds one received chunk to `reassembler`: the transfer id and the whole frame once its last chunk
 * arrived, else undefined. A bad frame or chunk goes to `onMalformed` (and is counted) instead of throwing.
 */
export function receiveChunk(
  bytes: Uint8Array,
  counter: FrameErrorCounter,
  reassembler: Reassembler,
  onMalformed?: (error: unknown) => void,
): { id: string; whole: Frame } | undefined {
  const frame = tryDecodeFrame(bytes, counter);
  if (frame instanceof FrameError) return void onMalformed?.(frame);
  let whole: Frame | undefined;
  try {
    whole = reassembler.accept(frame);
  } catch (e) {
    return void onMalformed?.(e);
  }
  const id = frame.header.chunk?.transferId;
  return whole && id !== undefined ? { id, whole } : undefined;
}
