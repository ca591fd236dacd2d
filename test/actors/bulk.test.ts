/** Bulk transfers between actors and the driver: into a destination, duplicates, a duplicated `put`. */
import { expect } from 'chai';
import { BulkInbox, sendBulk } from '../../actors/bulk.ts';
import { Driver } from '../../actors/Driver.ts';
import { TransferTimeoutError } from '../../actors/errors.ts';
import { PartitionActor } from '../../actors/PartitionActor.ts';
import { dataSubject } from '../../runtime/cluster/subjects.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';

const data = (n: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) - i * 1e-3);
/** Enough numbers for several 512 KiB chunks. */
const N = 200_000;

describe('actors/bulk: BulkInbox', () => {
  let a: InProcessBus;
  let b: InProcessBus;
  let inbox: BulkInbox;
  beforeEach(() => {
    const bus = new Bus();
    a = new InProcessBus(bus);
    b = new InProcessBus(bus);
    inbox = new BulkInbox(b, 'lops.t.data.x');
  });
  afterEach(async () => {
    inbox.close(new Error('test over'));
    await Promise.all([a.close(), b.close()]);
  });

  const cases: { name: string; takeFirst: boolean }[] = [
    { name: 'asked for before the chunks arrive (written in place)', takeFirst: true },
    { name: 'asked for after the transfer completed (one copy)', takeFirst: false },
  ];
  for (const { name, takeFirst } of cases) {
    it(`delivers a transfer into the given destination when ${name}`, async () => {
      const x = data(N);
      const out = new Float64Array(N + 4);
      const into = out.subarray(2, 2 + N);
      const got = takeFirst ? inbox.take('t1', 5000, into) : undefined;
      sendBulk(a, 'lops.t.data.x', 't1', x, 'float64');
      await b.flush();
      await new Promise((r) => setTimeout(r, 10));
      const result = await (got ?? inbox.take('t1', 5000, into));
      expect(result).to.equal(into);
      expect(Array.from(into)).to.deep.equal(Array.from(x));
      expect([out[0], out[1], out[N + 2], out[N + 3]]).to.deep.equal([0, 0, 0, 0]);
    });
  }

  it('ignores a transfer sent twice: the waiter gets it once and the copy is counted as duplicates', async () => {
    const x = data(N);
    const got = inbox.take('twice', 5000);
    sendBulk(a, 'lops.t.data.x', 'twice', x, 'float64');
    sendBulk(a, 'lops.t.data.x', 'twice', x, 'float64');
    expect(Array.from(await got)).to.deep.equal(Array.from(x));
    await new Promise((r) => setTimeout(r, 10));
    const chunks = Math.ceil((N * 8) / (512 * 1024));
    expect(inbox.counter.duplicates).to.equal(chunks);
    const again = await inbox.take('twice', 20).catch((e) => e);
    expect(again).to.be.instanceOf(TransferTimeoutError).with.property('transfer', 'twice');
  });

  it('fails a waiter whose destination does not fit the transfer with ChunkError', async () => {
    const x = data(100);
    sendBulk(a, 'lops.t.data.x', 'small', x, 'float64');
    await new Promise((r) => setTimeout(r, 10));
    const err = await inbox.take('small', 1000, new Float64Array(99)).catch((e) => e);
    expect(err).to.have.property('kind', 'chunk');
    expect(err.message).to.match(/small/);
  });
});

describe('actors/bulk: a duplicated put', () => {
  it('is applied once and answered from the cache, and neither put hangs', async () => {
    const bus = new Bus();
    const [ta, td] = [new InProcessBus(bus), new InProcessBus(bus)];
    const actor = new PartitionActor({ transport: ta, cluster: 'test', actor: 'a0' });
    const driver = new Driver(td, 'test', { timeout: 2000 });
    driver.epochs.set('a0', actor.epoch);
    try {
      const x = data(N);
      const id = 'dup-array';
      const t = driver.nextTransfer();
      sendBulk(td, dataSubject('test', 'a0'), t, x, 'float64');
      const args = { id, dtype: 'float64', b: 0, shape: [N], t, timeout: 2000 };
      const results = await Promise.all([driver.command('a0', 'put', args, 'put-key'), driver.command('a0', 'put', args, 'put-key')]);
      expect(results).to.deep.equal([null, null]);
      expect(await driver.command('a0', 'put', args, 'put-key')).to.equal(null);
      expect(actor.stats.duplicates).to.equal(2);
      expect(actor.stats.handled).to.equal(1);
      const back = driver.nextTransfer();
      const got = driver.inbox.take(back, 2000);
      await driver.command('a0', 'get', { id, b: 0, to: driver.dataSubject, t: back });
      expect(Array.from(await got)).to.deep.equal(Array.from(x));
    } finally {
      actor.stop();
      driver.close();
      await Promise.all([ta.close(), td.close()]);
    }
  });
});
