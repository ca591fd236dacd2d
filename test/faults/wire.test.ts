import { expect } from 'chai';
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver } from '../../actors/Driver.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import type { ReplyHeader } from '../../actors/protocol.ts';
import { decodeMessage, encodeMessage } from '../../actors/wire.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { ctlSubject, dataSubject } from '../../runtime/cluster/subjects.ts';
import { encodeChunks } from '../../runtime/framing/chunk.ts';
import { encodeFrame } from '../../runtime/framing/frame.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';
import { NoRespondersError, PayloadTooLargeError } from '../../runtime/transport/types.ts';

const CTL = ctlSubject('wire', 'a0');
const DATA = dataSubject('wire', 'a0');
const noop = (k: string, extra: object = {}) => encodeMessage({ k, c: 'noop', a: {}, ...extra });
const good = noop('good-1');

/** Messages that must be refused on the command subject, with the error name in the reply. */
const ctlCases: { name: string; bytes: () => Uint8Array; remote: string }[] = [
  { name: 'bytes that are not a frame', bytes: () => new Uint8Array([0xc1, 0xff, 3, 4, 5, 6, 7, 8, 9]), remote: 'ProtocolError' },
  { name: 'an empty message', bytes: () => new Uint8Array(0), remote: 'ProtocolError' },
  { name: 'a frame cut short', bytes: () => good.subarray(0, good.length - 3), remote: 'ProtocolError' },
  { name: 'a frame with bytes appended', bytes: () => Uint8Array.from([...good, 1, 2, 3, 4, 5, 6, 7, 8]), remote: 'ProtocolError' },
  { name: 'a frame whose header is over 64 KiB', bytes: () => encodeMessage({ k: 'big', c: 'noop', a: 'x'.repeat(70_000) }), remote: 'ProtocolError' },
  { name: 'a frame of another kind without a protocol header', bytes: () => encodeFrame({ kind: 'ctl' }), remote: 'ProtocolError' },
  { name: 'a command without an idempotency key', bytes: () => encodeMessage({ c: 'noop', a: {} }), remote: 'ProtocolError' },
  { name: 'a command with a non-numeric epoch', bytes: () => noop('bad-epoch', { e: 'yesterday' }), remote: 'ProtocolError' },
  { name: 'an unknown command', bytes: () => encodeMessage({ k: 'unk', c: 'rm -rf', a: {} }), remote: 'ProtocolError' },
  { name: 'a command with arguments of the wrong shape', bytes: () => encodeMessage({ k: 'args', c: 'scale', a: { out: 5 } }), remote: 'UnknownArrayError' },
];

/** Bytes on the data subject that must be counted and dropped. */
const dataCases: { name: string; bytes: () => Uint8Array }[] = [
  { name: 'bytes that are not a frame', bytes: () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) },
  { name: 'a chunk cut short', bytes: () => chunkOf('t-cut').subarray(0, 20) },
  { name: 'a chunk whose offset overflows its transfer', bytes: () => encodeFrame({ kind: 'data', dtype: 'float64', chunk: { transferId: 't-over', index: 0, count: 1, offset: 64, total: 8 } }, new Float64Array(1)) },
];

function chunkOf(id: string): Uint8Array {
  return encodeChunks({ kind: 'data', dtype: 'float64', shape: [4] }, new Float64Array([1, 2, 3, 4]), { transferId: id })[0];
}

describe('faults/bad input on the wire: the actor counts, drops or refuses, and keeps serving', () => {
  let bus: Bus;
  let actor: PartitionActor;
  let driver: Driver;
  let core: ClusterCore;
  let raw: InProcessBus;
  let transports: InProcessBus[];

  beforeEach(() => {
    bus = new Bus();
    raw = new InProcessBus(bus, { maxPayload: 4 << 20 }); // an intruder with a larger max_payload than the server's
    transports = [new InProcessBus(bus), new InProcessBus(bus), raw];
    actor = new PartitionActor({ transport: transports[0], cluster: 'wire', actor: 'a0' });
    driver = new Driver(transports[1], 'wire');
    driver.epochs.set('a0', actor.epoch);
    core = new ClusterCore(driver, ['a0']);
  });
  afterEach(async () => {
    actor.stop();
    driver.close();
    await Promise.all(transports.map((t) => t.close()));
  });

  /** A normal scatter/scale/gather round trip; proves the actor still serves. */
  async function stillServes(): Promise<void> {
    const x = core.fromArray(NDArray.fromNested([1, -2, 3]), { chunks: [2] });
    expect(Array.from((await x.scale(2).toArray()).data)).to.deep.equal([2, -4, 6]);
  }

  for (const k of ctlCases) {
    it(`answers ${k.name} with ${k.remote}, counts it, and runs the next command`, async () => {
      const before = { ...actor.stats };
      const reply = decodeMessage<ReplyHeader>((await raw.request(CTL, k.bytes(), { timeout: 10_000 })).data);
      expect(reply).to.include({ ok: false, e: actor.epoch });
      expect(reply.err?.name).to.equal(k.remote);
      const counted = k.remote === 'ProtocolError' ? 'malformed' : 'failed';
      expect(actor.stats[counted]).to.equal(before[counted] + 1);
      await stillServes();
    });
  }

  for (const k of dataCases) {
    it(`drops and counts ${k.name} on the data subject, and the next scatter works`, async () => {
      const before = actor.stats.malformed;
      raw.publish(DATA, k.bytes());
      await driver.command('a0', 'noop', {}); // the bus delivers in order per publisher; one more turn is enough
      await new Promise((r) => setImmediate(r));
      expect(actor.stats.malformed).to.equal(before + 1);
      await stillServes();
    });
  }

  it('refuses an oversize frame before sending (PayloadTooLargeError) and the actor never sees it', async () => {
    const small = new InProcessBus(bus, { maxPayload: 1 << 20 });
    try {
      expect(() => small.publish(CTL, new Uint8Array((1 << 20) + 1))).to.throw(PayloadTooLargeError);
      expect(actor.stats).to.deep.equal({ handled: 0, duplicates: 0, malformed: 0, failed: 0, held: 0, stale: 0 });
      await stillServes();
    } finally {
      await small.close();
    }
  });

  it('counts and answers a frame larger than the actor accepts when a server lets it through', async () => {
    // 64 MiB + 8 is over the decoder's frame limit; only a transport with a huge max_payload would carry it
    const huge = new InProcessBus(bus, { maxPayload: 65 << 20 });
    try {
      const bytes = new Uint8Array((64 << 20) + 8);
      bytes.set(good.subarray(0, 8));
      const reply = decodeMessage<ReplyHeader>((await huge.request(CTL, bytes, { timeout: 10_000 })).data);
      expect(reply.err?.message).to.match(/oversize/);
      expect(actor.stats.malformed).to.equal(1);
      await stillServes();
    } finally {
      await huge.close();
    }
  });

  it('refuses a command for an old epoch (ActorRestartedError) without applying it', async () => {
    const x = core.fromArray(NDArray.fromNested([1, 2]), { chunks: [1] });
    await x.ready;
    const stale = encodeMessage({ k: 'stale-1', c: 'scale', a: { out: x.id, x: x.id, alpha: 100, blocks: [0] }, e: actor.epoch - 1 });
    const reply = decodeMessage<ReplyHeader>((await raw.request(CTL, stale, { timeout: 10_000 })).data);
    expect(reply.err?.name).to.equal('ActorRestartedError');
    expect(Array.from((await x.toArray()).data)).to.deep.equal([1, 2]);
    await stillServes();
  });

  it('never delivers a command for another cluster: no responders, and the actor counts nothing', async () => {
    const err = await raw.request(ctlSubject('other', 'a0'), good, { timeout: 10_000 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NoRespondersError);
    raw.publish(ctlSubject('other', 'a0'), good);
    await stillServes();
    expect(actor.stats.malformed + actor.stats.duplicates).to.equal(0);
  });

  it('answers a replayed command from its cache, never applying it twice', async () => {
    const x = core.fromArray(NDArray.fromNested([1, 2]), { chunks: [1] });
    await x.ready;
    const cmd = encodeMessage({ k: 'replay-1', c: 'scale', a: { out: x.id, x: x.id, alpha: 3, blocks: [0] } });
    for (let i = 0; i < 3; i++) expect(decodeMessage<ReplyHeader>((await raw.request(CTL, cmd, { timeout: 10_000 })).data).ok).to.equal(true);
    expect(Array.from((await x.toArray()).data)).to.deep.equal([3, 6]);
    expect(actor.stats.duplicates).to.equal(2);
  });
});
