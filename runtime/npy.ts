/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) for the four dtypes of actorlops.
 *
 * Layout (numpy's `lib.format`): the magic `\x93NUMPY`, a major and a minor version byte, the header length
 * (uint16 LE in 1.0, uint32 LE in 2.0/3.0), then an ASCII (3.0: UTF-8) Python dict literal
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (11, 21), }` padded with spaces and ending in `\n` so
 * that the data starts on a 64-byte boundary, then the raw elements.
 *
 * Supported `descr`: `f4`, `f8`, `c8`, `c16` with `<` (little-endian), `>` (big-endian, swapped on read) or
 * `=` (native). A Fortran-order file is transposed on read, so the returned NDArray is always C order.
 * Anything else raises a subclass of {@link NpyError} naming the file and what was found.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type DType, type FloatArray, alloc, isComplex, prod } from '../operators/core/dtype.ts';
import { ActorlopsError } from '../operators/core/errors.ts';
import { NDArray } from '../operators/core/NDArray.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** descr kind+size (without byte order) for each dtype. */
const DESCR: Record<DType, string> = { float32: 'f4', float64: 'f8', complex64: 'c8', complex128: 'c16' };

/** Base class of `.npy` errors: carries the file (or `<bytes>`), and the descr and shape when known. */
export class NpyError extends ActorlopsError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly descr?: unknown,
    readonly npyShape?: unknown,
  ) {
    const found = [descr !== undefined ? `descr ${JSON.stringify(descr)}` : '', npyShape !== undefined ? `shape ${JSON.stringify(npyShape)}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}: ${problem}${found ? ` (found ${found})` : ''}`);
  }
}
/** The bytes do not start with `\x93NUMPY` and a known version (1.0, 2.0, 3.0). */
export class NpyMagicError extends NpyError {}
/** The header dict is malformed or misses `descr`, `fortran_order` or `shape`. */
export class NpyHeaderError extends NpyError {}
/** A dtype actorlops does not hold: ints, bool, object, structured, strings, ... */
export class NpyDTypeError extends NpyError {}
/** The file ends before the header or before `prod(shape)` elements. */
export class NpyTruncatedError extends NpyError {}

/** What the header of a `.npy` file says. */
export interface NpyHeader {
  version: [number, number];
  descr: string;
  dtype: DType;
  littleEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first element. */
  dataOffset: number;
}

/** Reads and validates the preamble and header dict of `bytes`. */
export function parseNpyHeader(bytes: Uint8Array, file = '<bytes>'): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyMagicError(file, 'not a .npy file: bad magic string');
  const major = bytes[6];
  const minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0) throw new NpyMagicError(file, `unsupported .npy format version ${major}.${minor} (known: 1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenSize) throw new NpyTruncatedError(file, 'file ends inside the header length');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenSize;
  if (bytes.length < start + headerLen) throw new NpyTruncatedError(file, `file ends inside the header (needs ${start + headerLen} bytes, has ${bytes.length})`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  let dict: unknown;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    throw new NpyHeaderError(file, `header is not a Python literal: ${(e as Error).message}`);
  }
  if (!dict || typeof dict !== 'object' || Array.isArray(dict)) throw new NpyHeaderError(file, 'header is not a dict');
  const { descr, fortran_order: fortran, shape } = dict as Record<string, unknown>;
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) throw new NpyHeaderError(file, 'header `shape` must be a tuple of non-negative ints', descr, shape);
  if (typeof fortran !== 'boolean') throw new NpyHeaderError(file, 'header `fortran_order` must be True or False', descr, shape);
  const { dtype, littleEndian } = parseDescr(descr, file, shape);
  return { version: [major, minor], descr: descr as string, dtype, littleEndian, fortranOrder: fortran, shape: shape as number[], dataOffset: start + headerLen };
}

/** Maps a numpy descr to a dtype and byte order, or throws {@link NpyDTypeError}. */
function parseDescr(descr: unknown, file: string, shape: unknown): { dtype: DType; littleEndian: boolean } {
  const m = typeof descr === 'string' ? /^([<>=|]?)(f4|f8|c8|c16)$/.exec(descr) : null;
  const dtype = m && (Object.keys(DESCR) as DType[]).find((d) => DESCR[d] === m[2]);
  if (!m || !dtype || m[1] === '|') {
    throw new NpyDTypeError(file, 'unsupported dtype: actorlops reads float32, float64, complex64, complex128 (<f4, <f8, <c8, <c16 or big-endian)', descr, shape);
  }
  return { dtype, littleEndian: m[1] !== '>' };
}

/**
 * Decodes a whole `.npy` file held in memory into a C-order NDArray.
 *
 * @param file - name used in error messages.
 * @example
 * const a = parseNpy(new Uint8Array(await readFile('x.npy')), 'x.npy');
 */
export function parseNpy(bytes: Uint8Array, file = '<bytes>'): NDArray {
  const h = parseNpyHeader(bytes, file);
  const n = prod(h.shape);
  const raw = alloc(h.dtype, n);
  const nbytes = raw.byteLength;
  if (bytes.length < h.dataOffset + nbytes) {
    throw new NpyTruncatedError(file, `data truncated: needs ${nbytes} bytes after the header, has ${bytes.length - h.dataOffset}`, h.descr, h.shape);
  }
  const rawBytes = new Uint8Array(raw.buffer);
  rawBytes.set(bytes.subarray(h.dataOffset, h.dataOffset + nbytes)); // copy: the source may be unaligned
  if (h.littleEndian !== hostLittleEndian()) swapBytes(rawBytes, raw.BYTES_PER_ELEMENT);
  const data = h.fortranOrder && h.shape.length > 1 ? fortranToC(raw, h.shape, isComplex(h.dtype) ? 2 : 1) : raw;
  return new NDArray(data, h.shape, h.dtype);
}

/** Encodes an NDArray as a `.npy` file (version 1.0, or 2.0 when the header exceeds 65535 bytes), C order, little-endian. */
export function encodeNpy(nd: NDArray): Uint8Array {
  const shape = nd.shape.length === 1 ? `(${nd.shape[0]},)` : `(${nd.shape.join(', ')})`;
  const dict = `{'descr': '<${DESCR[nd.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const major = dict.length + 1 + 10 > 0xffff ? 2 : 1;
  const pre = major === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / ALIGN) * ALIGN;
  const header = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const dataBytes = new Uint8Array(nd.data.buffer, nd.data.byteOffset, nd.data.byteLength);
  const out = new Uint8Array(total + dataBytes.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre); // ASCII only, so latin1 == UTF-8 here
  out.set(dataBytes, total);
  if (!hostLittleEndian()) swapBytes(out.subarray(total), nd.data.BYTES_PER_ELEMENT);
  return out;
}

/** Reads a `.npy` file into a C-order NDArray. */
export async function readNpy(path: string): Promise<NDArray> {
  return parseNpy(new Uint8Array(await readFile(path)), path);
}

/** Writes an NDArray to a `.npy` file that `numpy.load` reads back with the same dtype and shape. */
export async function writeNpy(path: string, nd: NDArray): Promise<void> {
  await writeFile(path, encodeNpy(nd));
}

function hostLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Reverses the bytes of every `width`-byte number in place. */
function swapBytes(b: Uint8Array, width: number): void {
  for (let o = 0; o < b.length; o += width) {
    for (let i = 0, j = width - 1; i < j; i++, j--) {
      const t = b[o + i];
      b[o + i] = b[o + j];
      b[o + j] = t;
    }
  }
}

/**
 * Reorders Fortran-order elements (first index fastest) into C order (last index fastest).
 * c[i0, ..., ik] = f[i0 + d0 (i1 + d1 (i2 + ...))]; `width` numbers per element (2 for complex).
 */
function fortranToC(f: FloatArray, shape: readonly number[], width: number): FloatArray {
  const c = new (f.constructor as Float64ArrayConstructor)(f.length);
  const nd = shape.length;
  const fstride = shape.map((_, k) => prod(shape.slice(0, k)));
  const idx = new Array<number>(nd).fill(0);
  let fo = 0;
  const n = prod(shape);
  for (let ci = 0; ci < n; ci++) {
    for (let w = 0; w < width; w++) c[ci * width + w] = f[fo * width + w];
    for (let k = nd - 1; k >= 0; k--) {
      // odometer over the C multi-index, keeping the Fortran offset in step
      if (++idx[k] < shape[k]) {
        fo += fstride[k];
        break;
      }
      fo -= (shape[k] - 1) * fstride[k];
      idx[k] = 0;
    }
  }
  return c;
}

/**
 * Parses the subset of Python literals that `.npy` headers use: dicts, tuples, lists, quoted strings,
 * ints, True/False/None. Throws a plain Error with the position on anything else.
 */
function parsePyLiteral(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`${what} at position ${i}`);
  };
  const seq = (close: string, item: () => void) => {
    ws();
    while (text[i] !== close) {
      item();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
      ws();
    }
    i++;
  };
  const value = (): unknown => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const d: Record<string, unknown> = {};
      seq('}', () => {
        const k = value();
        ws();
        if (text[i++] !== ':') fail("expected ':'");
        d[String(k)] = value();
      });
      return d;
    }
    if (ch === '(' || ch === '[') {
      i++;
      const xs: unknown[] = [];
      seq(ch === '(' ? ')' : ']', () => xs.push(value()));
      return xs;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(text.slice(i));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return m[0] === 'True' ? true : m[0] === 'False' ? false : m[0] === 'None' ? null : parseInt(m[0], 10);
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}
