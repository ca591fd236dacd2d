/**
 * The one place actors/ turns protocol headers into bytes and back: a frame of runtime/framing whose
 * metadata field `m` holds the header (no raw part; bulk data goes through bulk.ts).
 */
import { decodeFrame, encodeFrame } from '../runtime/framing/frame.ts';

/** A protocol header → one frame. */
export function encodeMessage(header: object): Uint8Array {
  return encodeFrame({ kind: 'ctl', m: header });
}

/** One frame → its protocol header; throws (a FrameError or TypeError) on malformed input. */
export function decodeMessage<H>(bytes: Uint8Array): H {
  const m = decodeFrame(bytes).header.m;
  if (typeof m !== 'object' || m === null) throw new TypeError('frame without a protocol header `m`');
  return m as H;
}
