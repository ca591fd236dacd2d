import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DType } from '../../operators/core/dtype.ts';
import { ActorlopsError } from '../../operators/core/errors.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import {
  NpyDTypeError,
  NpyError,
  NpyHeaderError,
  NpyMagicError,
  NpyTruncatedError,
  encodeNpy,
  parseNpy,
  parseNpyHeader,
  readNpy,
  writeNpy,
} from '../../runtime/npy.ts';

/**
 * Builds a .npy file by hand, per the NPY spec: magic, version, header length (uint16 LE for 1.0,
 * uint32 LE otherwise), the header dict padded with spaces to a multiple of 64 ending in '\n', data.
 */
function buildNpy(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(data, total);
  return out;
}

/** Bytes of numbers written with an explicit byte order. */
function bytesOf(values: number[], width: 4 | 8, littleEndian: boolean): Uint8Array {
  const b = new Uint8Array(values.length * width);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => (width === 8 ? v.setFloat64(i * width, x, littleEndian) : v.setFloat32(i * width, x, littleEndian)));
  return b;
}

const dtypes: DType[] = ['float32', 'float64', 'complex64', 'complex128'];
const shapes: number[][] = [[], [7], [3, 4, 5], [2, 1, 3], [0, 4]];

describe('npy: round trips', () => {
  for (const dtype of dtypes) {
    for (const shape of shapes) {
      it(`reads back a ${dtype} array of shape [${shape}] bit for bit`, () => {
        const a = NDArray.random(shape, 42, dtype);
        const b = parseNpy(encodeNpy(a));
        expect(b.dtype).to.equal(dtype);
        expect(b.shape).to.deep.equal(shape);
        expect(b.data.constructor).to.equal(a.data.constructor);
        expect(Array.from(b.data)).to.deep.equal(Array.from(a.data));
      });
    }
  }

  it('writes a header numpy accepts: version 1.0, data 64-byte aligned, little-endian C order', () => {
    const bytes = encodeNpy(NDArray.zeros([11, 21]));
    const h = parseNpyHeader(bytes);
    expect(h.version).to.deep.equal([1, 0]);
    expect(h.dataOffset % 64).to.equal(0);
    expect(h.descr).to.equal('<f8');
    expect(h.fortranOrder).to.equal(false);
    expect(bytes[h.dataOffset - 1]).to.equal(0x0a);
    expect(new TextDecoder().decode(bytes.subarray(10, h.dataOffset))).to.match(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(11, 21\), \} *\n$/);
  });

  it('writes a 1-D shape as a one-element tuple and a 0-d shape as ()', () => {
    const text = (shape: number[]) => new TextDecoder().decode(encodeNpy(NDArray.zeros(shape)).subarray(10, 64));
    expect(text([5])).to.contain("'shape': (5,)");
    expect(text([])).to.contain("'shape': ()");
  });

  it('round trips through a file with writeNpy and readNpy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    try {
      const a = NDArray.random([4, 6], 3, 'complex64');
      await writeNpy(join(dir, 'a.npy'), a);
      const b = await readNpy(join(dir, 'a.npy'));
      expect(b.shape).to.deep.equal([4, 6]);
      expect(Array.from(b.data)).to.deep.equal(Array.from(a.data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npy: hand-built files', () => {
  // Fortran order: element [i, j, k] of shape [2, 3, 2] sits at i + 2 j + 6 k; value = 100 i + 10 j + k.
  const shape = [2, 3, 2];
  const fortranValues: number[] = [];
  for (let k = 0; k < 2; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortranValues.push(100 * i + 10 * j + k);
  const cValues: number[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) cValues.push(100 * i + 10 * j + k);

  const cases: { name: string; descr: string; width: 4 | 8; little: boolean; complex: boolean; version: number }[] = [
    { name: 'little-endian float64, version 1.0', descr: '<f8', width: 8, little: true, complex: false, version: 1 },
    { name: 'big-endian float64, version 2.0', descr: '>f8', width: 8, little: false, complex: false, version: 2 },
    { name: 'big-endian float32, version 3.0', descr: '>f4', width: 4, little: false, complex: false, version: 3 },
    { name: 'big-endian complex128', descr: '>c16', width: 8, little: false, complex: true, version: 1 },
    { name: 'little-endian complex64', descr: '<c8', width: 4, little: true, complex: true, version: 1 },
  ];
  const expand = (vs: number[], complex: boolean) => (complex ? vs.flatMap((v) => [v, -v - 0.5]) : vs);

  for (const c of cases) {
    it(`transposes a Fortran-order ${c.name} file into C order`, () => {
      const dict = `{'descr': '${c.descr}', 'fortran_order': True, 'shape': (2, 3, 2), }`;
      const a = parseNpy(buildNpy(dict, bytesOf(expand(fortranValues, c.complex), c.width, c.little), c.version));
      expect(a.shape).to.deep.equal(shape);
      expect(Array.from(a.data)).to.deep.equal(expand(cValues, c.complex));
    });
    it(`reads a C-order ${c.name} file as is`, () => {
      const dict = `{'descr': '${c.descr}', 'fortran_order': False, 'shape': (2, 3, 2), }`;
      const a = parseNpy(buildNpy(dict, bytesOf(expand(cValues, c.complex), c.width, c.little), c.version));
      expect(a.dtype.startsWith(c.complex ? 'complex' : 'float')).to.equal(true);
      expect(Array.from(a.data)).to.deep.equal(expand(cValues, c.complex));
    });
  }

  it('reads a 2-D Fortran-order matrix as its C-order equal', () => {
    // [[1, 2, 3], [4, 5, 6]] in Fortran order is 1 4 2 5 3 6
    const a = parseNpy(buildNpy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", bytesOf([1, 4, 2, 5, 3, 6], 8, true)));
    expect(a.toNested()).to.deep.equal([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('reads a header with keys in another order and double quotes', () => {
    const a = parseNpy(buildNpy('{"shape": (3,), "fortran_order": False, "descr": "<f4"}', bytesOf([1.5, 2.5, -3], 4, true)));
    expect(a.dtype).to.equal('float32');
    expect(Array.from(a.data)).to.deep.equal([1.5, 2.5, -3]);
  });

  it('reads data that starts at an offset not aligned to 8 in its buffer', () => {
    const file = encodeNpy(NDArray.fromNested([1, 2, 3]));
    const shifted = new Uint8Array(file.length + 3).subarray(3);
    shifted.set(file);
    expect(Array.from(parseNpy(shifted).data)).to.deep.equal([1, 2, 3]);
  });
});

describe('npy: errors', () => {
  const f8 = bytesOf([1, 2, 3], 8, true);
  const cases: { name: string; bytes: () => Uint8Array; error: typeof NpyError; descr?: string; shape?: number[] }[] = [
    { name: 'int64 data', bytes: () => buildNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", f8), error: NpyDTypeError, descr: '<i8', shape: [3] },
    { name: 'bool data', bytes: () => buildNpy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", f8), error: NpyDTypeError, descr: '|b1' },
    { name: 'object data', bytes: () => buildNpy("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", f8), error: NpyDTypeError, descr: '|O' },
    { name: 'float16 data', bytes: () => buildNpy("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", f8), error: NpyDTypeError, descr: '<f2' },
    {
      name: 'a structured dtype',
      bytes: () => buildNpy("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }", f8),
      error: NpyDTypeError,
      shape: [2],
    },
    { name: 'a bad magic string', bytes: () => new TextEncoder().encode('PK\x03\x04 not numpy at all'), error: NpyMagicError },
    { name: 'an unknown format version', bytes: () => buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8, 9), error: NpyMagicError },
    { name: 'data shorter than the shape', bytes: () => buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", f8), error: NpyTruncatedError, descr: '<f8', shape: [4] },
    { name: 'a file cut inside the header', bytes: () => encodeNpy(NDArray.zeros([3])).subarray(0, 30), error: NpyTruncatedError },
    { name: 'a header that is not a literal', bytes: () => buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': range(3)}", f8), error: NpyHeaderError },
    { name: 'a header without fortran_order', bytes: () => buildNpy("{'descr': '<f8', 'shape': (3,)}", f8), error: NpyHeaderError },
    { name: 'a negative dimension', bytes: () => buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}", f8), error: NpyHeaderError },
  ];

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.error.name} naming the file`, () => {
      let caught: unknown;
      try {
        parseNpy(c.bytes(), 'data/x.npy');
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(c.error);
      expect(caught).to.be.instanceOf(ActorlopsError);
      const err = caught as NpyError;
      expect(err.file).to.equal('data/x.npy');
      expect(err.message).to.contain('data/x.npy');
      if (c.descr !== undefined) {
        expect(err.descr).to.equal(c.descr);
        expect(err.message).to.contain(c.descr);
      }
      if (c.shape !== undefined) expect(err.npyShape).to.deep.equal(c.shape);
    });
  }

  it('names the path given to readNpy in the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    try {
      const path = join(dir, 'ints.npy');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, buildNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(8)));
      let caught: unknown;
      await readNpy(path).catch((e) => (caught = e));
      expect(caught).to.be.instanceOf(NpyDTypeError);
      expect((caught as NpyError).file).to.equal(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
