/** Decoding of received frames for an actor: rejects bad frames with FrameError and counts them. */
import { FrameError, FrameErrorCounter } from './errors.ts';
import { type DecodeOptions, decodeFrame, type Frame } from './frame.ts';

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
