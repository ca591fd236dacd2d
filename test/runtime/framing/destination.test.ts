/** Reassembly straight into a caller's destination, one-chunk transfers without a copy, clean big frames. */
import { expect } from 'chai';
import { ChunkError, Reassembler, decodeFrame, encodeChunks, encodeFrame, frameArray } from '../../../runtime/framing/index.ts';

const data = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 1e3 - i);
const chunksOf = (x: Float64Array, transferId: string, maxChunkBytes?: number) =>
  encodeChunks({ kind: 'data', dtype: 'float64', shape: [x.length] }, x, { transferId, maxChunkBytes }).map((b) => decodeFrame(b));
const bytes = (x: Float64Array) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);

describe('Reassembly into a destination', function () {
  const orders: { name: string; order: (n: number) => number[] }[] = [
    { name: 'in order', order: (n) => [...Array(n).keys()] },
    { name: 'reversed', order: (n) => [...Array(n).keys()].reverse() },
    { name: 'with every chunk twice', order: (n) => [...Array(n).keys()].flatMap((i) => [i, i]) },
  ];
  for (const { name, order } of orders) {
    it(`writes chunks delivered ${name} into the destination and returns a view of it`, function () {
      const x = data(5000);
      const frames = chunksOf(x, 't', 8 * 1024);
      const dest = new Float64Array(x.length + 10).subarray(5, 5 + x.length);
      const r = new Reassembler();
      expect(r.into('t', bytes(dest))).to.equal(true);
      let whole;
      for (const i of order(frames.length)) whole = r.accept(frames[i]!) ?? whole;
      expect(whole!.payload.buffer).to.equal(dest.buffer);
      expect(whole!.payload.byteOffset).to.equal(dest.byteOffset);
      expect(Array.from(dest)).to.deep.equal(Array.from(x));
    });
  }

  it('never writes a duplicate chunk that arrives after completion into the destination', function () {
    const x = data(3000);
    const frames = chunksOf(x, 'late', 8 * 1024);
    const dest = new Float64Array(x.length);
    const r = new Reassembler();
    r.into('late', bytes(dest));
    frames.forEach((f) => r.accept(f));
    dest.fill(0); // the owner uses its buffer
    expect(r.accept(frames[1]!)).to.equal(undefined);
    expect(dest.every((v) => v === 0)).to.equal(true);
    expect(r.counter.duplicates).to.equal(1);
  });

  it('refuses a destination once its transfer started, leaving the transfer as it was', function () {
    const x = data(3000);
    const frames = chunksOf(x, 's', 8 * 1024);
    const r = new Reassembler();
    r.accept(frames[0]!);
    const dest = new Float64Array(x.length);
    expect(r.into('s', bytes(dest))).to.equal(false);
    const whole = frames.slice(1).map((f) => r.accept(f)).at(-1)!;
    expect(Array.from(frameArray(whole))).to.deep.equal(Array.from(x));
    expect(dest.every((v) => v === 0)).to.equal(true);
  });

  it('rejects a transfer whose total differs from its destination with ChunkError', function () {
    const frames = chunksOf(data(3000), 'size', 8 * 1024);
    const r = new Reassembler();
    r.into('size', new Uint8Array(8 * 2999));
    expect(() => r.accept(frames[0]!)).to.throw(ChunkError, /destination/);
    expect(r.counter.byKind.chunk).to.equal(1);
  });

  it('forgets a destination whose waiter gave up, so a late transfer gets its own buffer', function () {
    const x = data(3000);
    const dest = new Float64Array(x.length);
    const r = new Reassembler();
    r.into('gone', bytes(dest));
    r.forget('gone');
    const whole = chunksOf(x, 'gone', 8 * 1024).map((f) => r.accept(f)).at(-1)!;
    expect(whole.payload.buffer).not.to.equal(dest.buffer);
    expect(Array.from(frameArray(whole))).to.deep.equal(Array.from(x));
  });
});

describe('One-chunk transfers and big frames', function () {
  it('returns a one-chunk transfer as a view of the received frame, and drops its duplicate', function () {
    const x = data(100);
    const [buf] = encodeChunks({ kind: 'data', dtype: 'float64', shape: [x.length] }, x, { transferId: 'one' });
    const r = new Reassembler();
    const whole = r.accept(decodeFrame(buf!))!;
    expect(whole.payload.buffer).to.equal(buf!.buffer);
    expect(whole.header.chunk).to.equal(undefined);
    expect(whole.header.byteLength).to.equal(x.byteLength);
    expect(Array.from(frameArray(whole))).to.deep.equal(Array.from(x));
    expect(r.accept(decodeFrame(buf!))).to.equal(undefined);
    expect(r.counter.duplicates).to.equal(1);
  });

  it('encodes a frame above 64 KiB (uninitialised allocation) to the same bytes every time, padding zeroed', function () {
    const x = data(20_000);
    const meta = { kind: 'data', dtype: 'float64' as const, shape: [x.length], note: 'abc' };
    const a = encodeFrame(meta, x);
    const b = encodeFrame(meta, x);
    expect(Buffer.compare(a, b)).to.equal(0);
    const h = new DataView(a.buffer, a.byteOffset).getUint32(4, true);
    const start = (8 + h + 7) & ~7;
    expect(a[3]).to.equal(0);
    expect(Array.from(a.subarray(8 + h, start)).every((v) => v === 0)).to.equal(true);
    expect(a.byteOffset % 8).to.equal(0);
    expect(Array.from(frameArray(decodeFrame(a)))).to.deep.equal(Array.from(x));
  });
});
