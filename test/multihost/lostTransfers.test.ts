/**
 * What a server loss does to bulk data, on the in-process bus: chunks that vanish (inside a dead node,
 * or published while their receiver reconnected) are asked for again and filled in; a command that
 * failed by a transfer timeout runs again when re-sent under its key, while a success is never re-run.
 */
import { expect } from 'chai';
import { resentCount, sendBulk } from '../../actors/bulk.ts';
import { ClusterCore } from '../../actors/ClusterCore.ts';
import { Driver } from '../../actors/Driver.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import type { CommandHeader, ReplyHeader } from '../../actors/protocol.ts';
import { decodeMessage, encodeMessage } from '../../actors/wire.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { ctlSubject, dataSubject } from '../../runtime/cluster/subjects.ts';
import { tryDecodeFrame } from '../../runtime/framing/decode.ts';
import { FrameError, FrameErrorCounter } from '../../runtime/framing/errors.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';

const CLUSTER = 'lost';
const ACTORS = ['a0', 'a1'];
/** Several 512 KiB chunks per block. */
const SHAPE = [400, 600];

/** Drops the first copy of every chunk that `lose(subject, index)` picks; counts what it dropped. */
function loseFirstCopies(bus: Bus, lose: (subject: string, index: number) => boolean): { dropped: number } {
  const seen = new Set<string>();
  const stats = { dropped: 0 };
  bus.faultHook = ({ envelope }, deliver) => {
    const f = envelope.subject.includes('.data.') ? tryDecodeFrame(envelope.data, new FrameErrorCounter()) : undefined;
    const c = f && !(f instanceof FrameError) ? f.header.chunk : undefined;
    const key = c && `${envelope.subject}|${c.transferId}|${c.index}`;
    if (key && !seen.has(key) && lose(envelope.subject, c.index)) {
      seen.add(key);
      stats.dropped++;
      return;
    }
    deliver();
  };
  return stats;
}

describe('multi-host: lost transfers are asked for again and retryable failures are not cached', function () {
  this.timeout(20_000);
  let bus: Bus;
  let transports: InProcessBus[];
  let actors: PartitionActor[];
  let driver: Driver;
  let core: ClusterCore;
  beforeEach(() => {
    bus = new Bus();
    transports = [...ACTORS, 'driver'].map(() => new InProcessBus(bus));
    actors = ACTORS.map((a, i) => new PartitionActor({ transport: transports[i], cluster: CLUSTER, actor: a }));
    driver = new Driver(transports[ACTORS.length], CLUSTER, { timeout: 10_000 });
    actors.forEach((a) => driver.epochs.set(a.name, a.epoch));
    core = new ClusterCore(driver, ACTORS);
  });
  afterEach(async () => {
    actors.forEach((a) => a.stop());
    driver.close();
    await Promise.all(transports.map((t) => t.close()));
  });

  const toActor = (s: string) => s !== driver.dataSubject;
  const cases: { name: string; lose: (subject: string, index: number) => boolean; rechunk?: boolean }[] = [
    { name: 'a scatter whose even chunks to the actors were lost', lose: (s, i) => toActor(s) && i % 2 === 0 },
    { name: 'a gather whose every chunk to the driver was lost', lose: (s) => !toActor(s) },
    { name: 'a scatter and a rechunk whose every chunk between actors was lost', lose: toActor, rechunk: true },
  ];
  for (const k of cases) {
    it(`recovers ${k.name}: the receiver asks, the sender resends, the numbers are exact`, async () => {
      const x = NDArray.random(SHAPE, 4);
      const lost = loseFirstCopies(bus, k.lose);
      const d = core.fromArray(x, { chunks: [2, 1] });
      const got = await core.gather(k.rechunk ? core.rechunk(d, [1, 2]) : d);
      expect(lost.dropped).to.be.greaterThan(0);
      expect(Array.from(got.data)).to.deep.equal(Array.from(x.data));
      expect(transports.reduce((n, t) => n + resentCount(t), 0)).to.be.greaterThan(0);
    });
  }

  it('ignores a second copy of a transfer already received (a late resend changes nothing)', async () => {
    const x = NDArray.random(SHAPE, 5);
    const d = core.fromArray(x, { chunks: [2, 1] });
    await d.ready;
    const t = driver.nextTransfer();
    const got = driver.inbox.take(t, 5000);
    const data = Float64Array.from({ length: 1000 }, (_, i) => i);
    sendBulk(transports[0], driver.dataSubject, t, data, 'float64');
    sendBulk(transports[0], driver.dataSubject, t, new Float64Array(1000), 'float64');
    expect(Array.from(await got)).to.deep.equal(Array.from(data));
    expect(driver.inbox.counter.duplicates).to.be.greaterThan(0);
    expect(Array.from((await core.gather(d)).data)).to.deep.equal(Array.from(x.data));
  });

  /** Sends one raw command (fixed key, sender and sequence number) to a0 and decodes the reply. */
  async function raw(k: string, c: string, a: object, s: number): Promise<ReplyHeader> {
    const h: CommandHeader = { k, c, a, e: actors[0].epoch, f: 'drv-raw', s };
    return decodeMessage<ReplyHeader>((await transports[2].request(ctlSubject(CLUSTER, 'a0'), encodeMessage(h), { timeout: 5000 })).data);
  }

  it('runs a re-sent command again after a transfer timeout, and answers a re-sent success from the cache', async () => {
    const put = { id: 'p', dtype: 'float64', b: 0, shape: [3], t: 'drv-raw-t1', timeout: 50 };
    const first = await raw('put-1', 'put', put, 1);
    expect(first.ok).to.equal(false);
    expect(first.err?.name).to.equal('TransferTimeoutError');
    sendBulk(transports[2], dataSubject(CLUSTER, 'a0'), 'drv-raw-t1', new Float64Array([1, 2, 3]), 'float64');
    const again = await raw('put-1', 'put', put, 1); // same key and sequence number: its turn has passed
    expect(again.ok, again.err?.message).to.equal(true);
    const scale = { x: 'p', out: 'p', alpha: 2, blocks: [0] };
    expect((await raw('scale-1', 'scale', scale, 2)).ok).to.equal(true);
    const handled = actors[0].stats.handled;
    expect((await raw('scale-1', 'scale', scale, 2)).ok).to.equal(true); // a copy: from the cache
    expect(actors[0].stats.handled).to.equal(handled);
    const get = { id: 'p', b: 0, to: driver.dataSubject, t: 'drv-raw-t2' };
    const back = driver.inbox.take('drv-raw-t2', 5000);
    expect((await raw('get-1', 'get', get, 3)).ok).to.equal(true);
    expect(Array.from(await back)).to.deep.equal([2, 4, 6]); // scaled once
  });
});
