/**
 * The one place actors/ turns protocol messages into bytes and back: a header object plus an optional
 * typed-array payload. TEMPORARY: msgpackr with `moreTypes` (without it msgpackr 2.1.3 garbles typed
 * arrays) until runtime/framing lands; then these two functions switch to it.
 */
import { Packr } from 'msgpackr';
import type { FloatArray } from '../operators/core/dtype.ts';

const packr = new Packr({ moreTypes: true, useRecords: false });

export interface Frame<H = Record<string, unknown>> {
  header: H;
  payload?: FloatArray;
}

/** Header plus optional payload → bytes. */
export function encodeFrame(header: object, payload?: FloatArray): Uint8Array {
  return packr.pack(payload ? { h: header, p: payload } : { h: header });
}

/** Bytes → header plus optional payload; throws on malformed input. */
export function decodeFrame<H = Record<string, unknown>>(bytes: Uint8Array): Frame<H> {
  const v = packr.unpack(bytes) as { h?: H; p?: FloatArray };
  if (!v || typeof v !== 'object' || typeof v.h !== 'object' || v.h === null) throw new TypeError('frame without a header object');
  return v.p ? { header: v.h, payload: v.p } : { header: v.h };
}
