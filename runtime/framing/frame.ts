/**
 * The frame: a small msgpack header followed by the raw bytes of a typed array.
 *
 * ```
 * offset 0   'L' 'F'            magic
 *        2   version (1)        u8
 *        3   flags (0)          u8, reserved
 *        4   H                  u32 little-endian, header length
 *        8   header             msgpack map (FrameHeader), H bytes
 *        P   raw part           header.byteLength bytes, P = 8 + H rounded up to a multiple of 8
 * ```
 * Because P is a multiple of 8, the raw part is 8-byte aligned whenever the frame itself starts
 * 8-byte aligned: then {@link frameArray} returns a view (no copy, ≈2 µs/MiB); otherwise it copies.
 * The header is packed with msgpackr `moreTypes: true`: msgpackr 2.1.3 without it corrupts typed
 * arrays (right length, wrong bytes; pinned in test/runtime/framing/msgpackr.test.ts), and bulk data
 * never goes through msgpack anyway (with moreTypes it always copies, ≈240 µs/MiB).
 *
 * @example
 * const bytes = encodeFrame({ kind: 'halo', dtype: 'float64', shape: [4, 3], actor: 2 }, block);
 * const x = frameArray(decodeFrame(bytes)); // Float64Array(12), a view when aligned
 */
import { Packr } from 'msgpackr';
import { type DType, type FloatArray, isComplex, isDType, isSingle, prod } from '../../operators/core/dtype.ts';
import { FrameHeaderError, FrameLengthError, FrameMagicError, FrameOversizeError, FrameTruncatedError } from './errors.ts';

/** Position of a chunk in a chunked transfer (byte offsets into the whole raw part). */
export interface ChunkInfo {
  transferId: string;
  index: number;
  count: number;
  /** Byte offset of this chunk's raw part in the whole transfer. */
  offset: number;
  /** Byte length of the whole transfer. */
  total: number;
}

/** The header of a frame; any further field (ids, epochs, sequence numbers) travels as metadata. */
export interface FrameHeader {
  /** What the frame is, e.g. 'halo', 'data', 'ctl'. */
  kind: string;
  /** Element type of the raw part, when it is an array. */
  dtype?: DType;
  /** Logical shape of the array (complex: elements, not re/im pairs). */
  shape?: number[];
  /** Length of the raw part in bytes (set by encodeFrame). */
  byteLength: number;
  chunk?: ChunkInfo;
  [meta: string]: unknown;
}

/** A decoded frame: `payload` is a view into the received buffer. */
export interface Frame {
  header: FrameHeader;
  payload: Uint8Array;
}

export interface DecodeOptions {
  /** Largest frame accepted. @defaultValue 64 MiB */
  maxFrameBytes?: number;
  /** Largest header accepted. @defaultValue 64 KiB */
  maxHeaderBytes?: number;
}

const decodeDefaults: Required<DecodeOptions> = { maxFrameBytes: 64 * 2 ** 20, maxHeaderBytes: 64 * 2 ** 10 };
const MAGIC0 = 0x4c; // 'L'
const MAGIC1 = 0x46; // 'F'
const VERSION = 1;
const PREFIX = 8;
const packr = new Packr({ moreTypes: true, useRecords: false });

const align8 = (n: number) => (n + 7) & ~7;
/** Below this size a zeroed allocation costs no more than an uninitialised one. */
const UNSAFE_FROM = 64 * 1024;

/**
 * A new buffer of `n` bytes starting 8-byte aligned (offset 0 of its own ArrayBuffer). From 64 KiB on
 * it is NOT zeroed (saves a pass over the memory): the caller must overwrite every byte.
 */
export function allocBytes(n: number): Uint8Array {
  if (n < UNSAFE_FROM) return new Uint8Array(n);
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** Bytes per stored number of a dtype (complex: per re or im part). */
export function bytesPerNumber(dtype: DType): number {
  return isSingle(dtype) ? 4 : 8;
}

/** Encodes header fields and an optional raw part into one new frame (its buffer starts aligned). */
export function encodeFrame(meta: Omit<FrameHeader, 'byteLength'> & { byteLength?: number }, raw?: ArrayBufferView): Uint8Array {
  const rawBytes = raw ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : new Uint8Array(0);
  const header = packr.pack({ ...meta, byteLength: rawBytes.byteLength });
  const h = header.byteLength;
  const start = align8(PREFIX + h);
  const out = allocBytes(start + rawBytes.byteLength);
  out[0] = MAGIC0;
  out[1] = MAGIC1;
  out[2] = VERSION;
  out[3] = 0;
  out[4] = h & 0xff; // u32 little-endian, written by hand: a DataView per frame costs more than the frame
  out[5] = (h >>> 8) & 0xff;
  out[6] = (h >>> 16) & 0xff;
  out[7] = h >>> 24;
  out.set(header, PREFIX);
  for (let i = PREFIX + h; i < start; i++) out[i] = 0; // padding (allocBytes may not zero)
  if (rawBytes.byteLength > 0) out.set(rawBytes, start);
  return out;
}

/** Decodes a frame; throws a FrameError subclass for anything malformed, truncated or oversize. */
export function decodeFrame(buf: Uint8Array, options: DecodeOptions = {}): Frame {
  const maxFrameBytes = options.maxFrameBytes ?? decodeDefaults.maxFrameBytes;
  const maxHeaderBytes = options.maxHeaderBytes ?? decodeDefaults.maxHeaderBytes;
  const n = buf.byteLength;
  if (n > maxFrameBytes) throw new FrameOversizeError(n, maxFrameBytes);
  if (n < PREFIX) throw new FrameTruncatedError(n, `shorter than the ${PREFIX}-byte prefix`);
  if (buf[0] !== MAGIC0 || buf[1] !== MAGIC1) throw new FrameMagicError(n, `magic ${buf[0]},${buf[1]} is not 'LF'`);
  if (buf[2] !== VERSION) throw new FrameMagicError(n, `version ${buf[2]} is not ${VERSION}`);
  const h = (buf[4]! | (buf[5]! << 8) | (buf[6]! << 16)) + buf[7]! * 0x1000000;
  if (h > maxHeaderBytes) throw new FrameOversizeError(h, maxHeaderBytes, 'header');
  if (PREFIX + h > n) throw new FrameTruncatedError(n, `header of ${h} bytes does not fit`);
  const header = unpackHeader(buf.subarray(PREFIX, PREFIX + h), n);
  const start = align8(PREFIX + h);
  const end = start + header.byteLength;
  if (end > n) throw new FrameTruncatedError(n, `raw part of ${header.byteLength} bytes ends at ${end}`);
  if (end < n) throw new FrameLengthError(n, `${n - end} bytes follow the raw part`);
  return { header, payload: buf.subarray(start, end) };
}

function unpackHeader(bytes: Uint8Array, n: number): FrameHeader {
  let value: unknown;
  try {
    value = packr.unpack(bytes);
  } catch (error) {
    throw new FrameHeaderError(n, 'header is not valid msgpack', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FrameHeaderError(n, 'header is not a map');
  const hd = value as FrameHeader;
  if (typeof hd.kind !== 'string') throw new FrameHeaderError(n, `kind must be a string; received ${typeof hd.kind}`);
  if (!isCount(hd.byteLength)) throw new FrameHeaderError(n, `byteLength must be a non-negative integer; received ${String(hd.byteLength)}`);
  if (hd.chunk !== undefined) checkChunk(hd, n);
  if (hd.dtype !== undefined) checkArrayFields(hd, n);
  return hd;
}

function checkChunk(hd: FrameHeader, n: number): void {
  const c = hd.chunk as Partial<ChunkInfo> | null;
  if (typeof c !== 'object' || c === null || typeof c.transferId !== 'string') throw new FrameHeaderError(n, 'chunk must be a map with a string transferId');
  const { index, count, offset, total } = c;
  if (![index, count, offset, total].every(isCount)) throw new FrameHeaderError(n, 'chunk index, count, offset and total must be non-negative integers');
  if (index! >= count!) throw new FrameHeaderError(n, `chunk index ${index} is not below count ${count}`);
  if (offset! + hd.byteLength > total!) throw new FrameHeaderError(n, `chunk at offset ${offset} of ${hd.byteLength} bytes overflows total ${total}`);
}

function checkArrayFields(hd: FrameHeader, n: number): void {
  if (!isDType(hd.dtype)) throw new FrameHeaderError(n, `unknown dtype ${JSON.stringify(hd.dtype)}`);
  const width = bytesPerNumber(hd.dtype) * (isComplex(hd.dtype) ? 2 : 1);
  if (hd.shape !== undefined) {
    if (!Array.isArray(hd.shape) || !hd.shape.every(isCount)) throw new FrameHeaderError(n, `shape must be a list of non-negative integers`);
    const total = hd.chunk ? hd.chunk.total : hd.byteLength;
    if (prod(hd.shape) * width !== total) {
      throw new FrameHeaderError(n, `shape [${hd.shape.join(', ')}] of ${hd.dtype} needs ${prod(hd.shape) * width} bytes; header says ${total}`);
    }
  }
  if (!hd.chunk && hd.byteLength % width !== 0) throw new FrameHeaderError(n, `byteLength ${hd.byteLength} is not a multiple of ${width}`);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * The raw part as a typed array of the header's dtype (complex: interleaved re/im): a view sharing the
 * received buffer when it is aligned for the element type, a copy otherwise.
 */
export function frameArray(frame: Frame): FloatArray {
  return rawArray(frame.header.dtype ?? 'float64', frame.payload);
}

/** Views `bytes` as the dtype's storage array, copying only when the bytes are misaligned. */
export function rawArray(dtype: DType, bytes: Uint8Array): FloatArray {
  const Ctor = bytesPerNumber(dtype) === 4 ? Float32Array : Float64Array;
  const width = Ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % width !== 0) throw new FrameHeaderError(bytes.byteLength, `raw part is not a whole number of ${dtype} values`);
  if (bytes.byteOffset % width === 0) return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / width);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer);
}
