/** Chunked transfers: splitting under max payload and reassembly in any order, with duplicates and losses. */
import { expect } from 'chai';
import {
  ChunkError,
  DEFAULT_CHUNK_BYTES,
  FrameOversizeError,
  Reassembler,
  TransferIncompleteError,
  decodeFrame,
  encodeChunks,
  encodeFrame,
  frameArray,
  type Frame,
} from '../../../runtime/framing/index.ts';

/** A deterministic shuffle (Park–Miller generator) so a failure replays. */
function shuffle<T>(xs: T[], seed: number): T[] {
  const out = xs.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const data = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3 + i);
const chunksOf = (x: Float64Array, transferId: string, maxChunkBytes?: number) =>
  encodeChunks({ kind: 'data', dtype: 'float64', shape: [x.length], actor: 1 }, x, { transferId, maxChunkBytes }).map((b) => decodeFrame(b));

describe('Chunked transfers', function () {
  it('splits 1.3 MiB into frames whose raw parts are at most 512 KiB and that fit a 1 MiB max payload', function () {
    const x = data(170_000); // 1.36 MB
    const frames = encodeChunks({ kind: 'data', dtype: 'float64', shape: [x.length] }, x, { transferId: 't' });
    expect(frames).to.have.length(Math.ceil(x.byteLength / DEFAULT_CHUNK_BYTES));
    for (const f of frames) {
      expect(decodeFrame(f).payload.byteLength).to.be.at.most(512 * 1024);
      expect(f.byteLength).to.be.at.most(1024 * 1024);
    }
  });

  for (const seed of [1, 7, 12345]) {
    it(`reassembles chunks delivered in shuffled order (seed ${seed}) into the original array`, function () {
      const x = data(10_001);
      const r = new Reassembler();
      const frames = shuffle(chunksOf(x, `t${seed}`, 8 * 1024), seed);
      expect(frames.length).to.be.greaterThan(5);
      let whole: Frame | undefined;
      frames.forEach((f, i) => {
        const out = r.accept(f);
        expect(out === undefined, `chunk ${i}`).to.equal(i < frames.length - 1);
        whole = out ?? whole;
      });
      expect(whole!.header).to.include({ kind: 'data', dtype: 'float64', actor: 1, byteLength: x.byteLength });
      expect(whole!.header.chunk).to.equal(undefined);
      const y = frameArray(whole!);
      expect(y.buffer).to.equal(whole!.payload.buffer); // the assembled buffer is aligned: no second copy
      expect(Array.from(y)).to.deep.equal(Array.from(x));
      expect(r.pending).to.equal(0);
    });
  }

  it('ignores and counts duplicate chunks, before and after the transfer completes', function () {
    const x = data(3000);
    const r = new Reassembler();
    const [c0, c1, c2] = chunksOf(x, 'dup', 8 * 1024);
    expect(r.accept(c0!)).to.equal(undefined);
    expect(r.accept(c0!)).to.equal(undefined);
    expect(r.accept(c1!)).to.equal(undefined);
    const whole = r.accept(c2!);
    expect(Array.from(frameArray(whole!))).to.deep.equal(Array.from(x));
    expect(r.accept(c1!)).to.equal(undefined);
    expect(r.counter.duplicates).to.equal(2);
    expect(r.pending).to.equal(0);
  });

  it('keeps interleaved transfers apart', function () {
    const x = data(2000);
    const y = data(2100).map((v) => -v);
    const r = new Reassembler();
    const fx = chunksOf(x, 'x', 4096);
    const fy = chunksOf(y, 'y', 4096);
    const done: Record<string, Float64Array> = {};
    shuffle([...fx.map((f) => ['x', f] as const), ...fy.map((f) => ['y', f] as const)], 3).forEach(([id, f]) => {
      const out = r.accept(f);
      if (out) done[id] = frameArray(out) as Float64Array;
    });
    expect(Array.from(done.x!)).to.deep.equal(Array.from(x));
    expect(Array.from(done.y!)).to.deep.equal(Array.from(y));
  });

  it('drops a transfer still incomplete after the timeout and reports TransferIncompleteError', async function () {
    const r = new Reassembler({ timeout: 20, onIncomplete: (e) => reported(e) });
    let reported!: (e: TransferIncompleteError) => void;
    const error = new Promise<TransferIncompleteError>((resolve) => (reported = resolve));
    const frames = chunksOf(data(3000), 'lost', 8 * 1024);
    r.accept(frames[0]!);
    r.accept(frames[2]!);
    const e = await error;
    expect(e).to.be.instanceOf(TransferIncompleteError);
    expect(e).to.include({ transferId: 'lost', received: 2, count: 3 });
    expect(r.pending).to.equal(0);
    expect(r.counter.byKind.incomplete).to.equal(1);
    expect(r.accept(frames[1]!)).to.equal(undefined); // a late chunk does not restart the transfer
    expect(r.pending).to.equal(0);
  });

  it('rejects a chunk whose count contradicts its transfer with ChunkError', function () {
    const r = new Reassembler();
    const a = chunksOf(data(3000), 'same', 8 * 1024);
    const b = chunksOf(data(3000), 'same', 4 * 1024);
    r.accept(a[0]!);
    expect(() => r.accept(b[1]!)).to.throw(ChunkError);
    expect(r.counter.byKind.chunk).to.equal(1);
    r.close();
  });

  it('rejects a transfer larger than maxTransferBytes with FrameOversizeError', function () {
    const r = new Reassembler({ maxTransferBytes: 1000 });
    expect(() => r.accept(chunksOf(data(200), 'big', 512)[0]!)).to.throw(FrameOversizeError);
    expect(r.pending).to.equal(0);
  });

  it('passes a frame without chunk info straight through', function () {
    const r = new Reassembler();
    const f = decodeFrame(encodeFrame({ kind: 'ctl' }));
    expect(r.accept(f)).to.equal(f);
  });

  it('sends empty data as one chunk that completes at once', function () {
    const r = new Reassembler();
    const frames = chunksOf(new Float64Array(0), 'empty');
    expect(frames).to.have.length(1);
    expect(r.accept(frames[0]!)!.payload.byteLength).to.equal(0);
  });
});
