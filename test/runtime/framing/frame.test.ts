/** The frame codec: round trips, zero-copy aligned decode, copying unaligned decode, rejections. */
import { expect } from 'chai';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import type { DType } from '../../../operators/core/dtype.ts';
import {
  FrameError,
  FrameErrorCounter,
  FrameHeaderError,
  FrameLengthError,
  FrameMagicError,
  FrameOversizeError,
  FrameTruncatedError,
  decodeFrame,
  encodeFrame,
  frameArray,
  tryDecodeFrame,
} from '../../../runtime/framing/index.ts';

/** A copy of `bytes` starting `shift` bytes into a larger buffer (as NATS delivers payloads). */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const big = new Uint8Array(bytes.byteLength + shift);
  big.set(bytes, shift);
  return big.subarray(shift);
}

const storage = (dtype: DType, n: number) => {
  const a = dtype === 'float32' || dtype === 'complex64' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (i % 7) - 3.25 + i * 1e-3;
  return a;
};

describe('Frame codec', function () {
  const roundTrips: { dtype: DType; shape: number[] }[] = [
    { dtype: 'float64', shape: [5, 3] },
    { dtype: 'float32', shape: [7] },
    { dtype: 'complex128', shape: [2, 3] },
    { dtype: 'complex64', shape: [4, 1, 2] },
    { dtype: 'float64', shape: [0] },
  ];
  for (const { dtype, shape } of roundTrips) {
    it(`round-trips a ${dtype} array of shape [${shape}] with its metadata`, function () {
      const n = shape.reduce((a, b) => a * b, 1) * (dtype.startsWith('complex') ? 2 : 1);
      const x = storage(dtype, n);
      const meta = { kind: 'halo', dtype, shape, actor: 3, epoch: 2, seq: 2 ** 40, weights: new Float64Array([0.5, 2]) };
      const frame = decodeFrame(encodeFrame(meta, x));
      expect(frame.header).to.include({ kind: 'halo', dtype, actor: 3, epoch: 2, seq: 2 ** 40, byteLength: x.byteLength });
      expect(frame.header.shape).to.deep.equal(shape);
      expect(Array.from(frame.header.weights as Float64Array)).to.deep.equal([0.5, 2]);
      const y = frameArray(frame);
      expect(y.constructor).to.equal(x.constructor);
      expect(Array.from(y)).to.deep.equal(Array.from(x));
    });
  }

  it('carries a frame without a raw part', function () {
    const frame = decodeFrame(encodeFrame({ kind: 'ctl', op: 'stop' }));
    expect(frame.header).to.deep.equal({ kind: 'ctl', op: 'stop', byteLength: 0 });
    expect(frame.payload.byteLength).to.equal(0);
  });

  it('starts the raw part 8-byte aligned within the frame', function () {
    for (const kind of ['a', 'ab', 'abcdefghijk', 'x'.repeat(100)]) {
      const bytes = encodeFrame({ kind, dtype: 'float64' }, new Float64Array(3));
      expect(decodeFrame(bytes).payload.byteOffset % 8, kind).to.equal(0);
    }
  });

  it('decodes an aligned frame into a view that shares the received buffer', function () {
    const x = storage('float64', 1000);
    const received = shifted(encodeFrame({ kind: 'data', dtype: 'float64', shape: [1000] }, x), 16);
    const y = frameArray(decodeFrame(received));
    expect(y.buffer).to.equal(received.buffer);
    expect(Array.from(y)).to.deep.equal(Array.from(x));
  });

  const unaligned: { dtype: DType; shift: number; copies: boolean }[] = [
    { dtype: 'float64', shift: 3, copies: true },
    { dtype: 'float64', shift: 4, copies: true },
    { dtype: 'float32', shift: 4, copies: false },
    { dtype: 'float32', shift: 1, copies: true },
    { dtype: 'complex128', shift: 5, copies: true },
  ];
  for (const { dtype, shift, copies } of unaligned) {
    it(`decodes ${dtype} at byte offset ${shift} ${copies ? 'into a correct copy' : 'into a view'}`, function () {
      const x = storage(dtype, 64);
      const received = shifted(encodeFrame({ kind: 'data', dtype }, x), shift);
      const y = frameArray(decodeFrame(received));
      expect(y.buffer === received.buffer).to.equal(!copies);
      expect(Array.from(y)).to.deep.equal(Array.from(x));
    });
  }

  /** Builds a frame by hand from any header value (to craft malformed ones). */
  const packr = new Packr({ moreTypes: true, useRecords: false });
  function handmade(header: unknown, rawLength = 0, prefix: number[] = [0x4c, 0x46, 1, 0]): Uint8Array {
    const h = header instanceof Uint8Array ? header : packr.pack(header);
    const start = (8 + h.byteLength + 7) & ~7;
    const out = new Uint8Array(start + rawLength);
    out.set(prefix);
    new DataView(out.buffer).setUint32(4, h.byteLength, true);
    out.set(h, 8);
    return out;
  }
  const good = encodeFrame({ kind: 'data', dtype: 'float64', shape: [4] }, new Float64Array(4));

  const malformed: { name: string; bytes: () => Uint8Array; error: abstract new (...args: never[]) => FrameError }[] = [
    { name: 'an empty buffer', bytes: () => new Uint8Array(0), error: FrameTruncatedError },
    { name: 'a buffer shorter than the prefix', bytes: () => good.subarray(0, 5), error: FrameTruncatedError },
    { name: 'a wrong magic', bytes: () => handmade({ kind: 'x', byteLength: 0 }, 0, [0x4c, 0x47, 1, 0]), error: FrameMagicError },
    { name: 'an unknown version', bytes: () => handmade({ kind: 'x', byteLength: 0 }, 0, [0x4c, 0x46, 9, 0]), error: FrameMagicError },
    { name: 'a header length past the end', bytes: () => good.subarray(0, 12), error: FrameTruncatedError },
    { name: 'a raw part cut short', bytes: () => good.subarray(0, good.byteLength - 1), error: FrameTruncatedError },
    { name: 'bytes after the raw part', bytes: () => shifted(new Uint8Array([...good, 0]), 0), error: FrameLengthError },
    { name: 'a header that is not msgpack', bytes: () => handmade(new Uint8Array([0xc1, 0xc1])), error: FrameHeaderError },
    { name: 'a header that is a list', bytes: () => handmade([1, 2]), error: FrameHeaderError },
    { name: 'a header without kind', bytes: () => handmade({ byteLength: 0 }), error: FrameHeaderError },
    { name: 'a negative byteLength', bytes: () => handmade({ kind: 'x', byteLength: -8 }), error: FrameHeaderError },
    { name: 'an unknown dtype', bytes: () => handmade({ kind: 'x', dtype: 'int8', byteLength: 8 }, 8), error: FrameHeaderError },
    { name: 'a shape that disagrees with byteLength', bytes: () => handmade({ kind: 'x', dtype: 'float64', shape: [3], byteLength: 16 }, 16), error: FrameHeaderError },
    { name: 'a byteLength not a multiple of the dtype', bytes: () => handmade({ kind: 'x', dtype: 'float64', byteLength: 12 }, 12), error: FrameHeaderError },
    { name: 'a chunk index not below count', bytes: () => handmade({ kind: 'x', byteLength: 0, chunk: { transferId: 't', index: 2, count: 2, offset: 0, total: 0 } }), error: FrameHeaderError },
    { name: 'a chunk overflowing its total', bytes: () => handmade({ kind: 'x', byteLength: 8, chunk: { transferId: 't', index: 0, count: 1, offset: 4, total: 8 } }, 8), error: FrameHeaderError },
    { name: 'a frame over maxFrameBytes', bytes: () => new Uint8Array(64 * 2 ** 20 + 1), error: FrameOversizeError },
    { name: 'a header over maxHeaderBytes', bytes: () => handmade({ kind: 'x'.repeat(70_000), byteLength: 0 }), error: FrameOversizeError },
  ];
  for (const { name, bytes, error } of malformed) {
    it(`rejects ${name} with ${error.name}`, function () {
      expect(() => decodeFrame(bytes())).to.throw(error);
    });
  }

  it('counts rejected frames by kind instead of throwing in tryDecodeFrame', function () {
    const counter = new FrameErrorCounter();
    expect(tryDecodeFrame(good, counter)).to.not.be.instanceOf(FrameError);
    expect(tryDecodeFrame(new Uint8Array(3), counter)).to.be.instanceOf(FrameTruncatedError);
    expect(tryDecodeFrame(handmade([1]), counter)).to.be.instanceOf(FrameHeaderError);
    expect(tryDecodeFrame(handmade([1]), counter)).to.be.instanceOf(FrameHeaderError);
    expect(counter.total).to.equal(3);
    expect(counter.byKind).to.include({ truncated: 1, header: 2, magic: 0 });
  });

  it('throws nothing but FrameError on arbitrary bytes, with or without a valid prefix', function () {
    const onlyFrameErrors = (bytes: Uint8Array) => {
      try {
        decodeFrame(bytes);
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyFrameErrors), { numRuns: 2000 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(400), (tail, len) => {
        const b = new Uint8Array(8 + tail.length);
        b.set([0x4c, 0x46, 1, 0]);
        new DataView(b.buffer).setUint32(4, len, true);
        b.set(tail, 8);
        onlyFrameErrors(b);
      }),
      { numRuns: 2000 },
    );
  });
});
