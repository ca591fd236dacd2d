import { expect } from 'chai';
import { TransferTimeoutError } from '../../../actors/errors.ts';
import { HaloMailbox } from '../../../actors/ops/haloMailbox.ts';
import { sendBulk } from '../../../actors/bulk.ts';
import { haloSubject } from '../../../runtime/cluster/subjects.ts';
import { Bus } from '../../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../../runtime/transport/InProcessBus.ts';

const A = haloSubject('t', 'a');
const B = haloSubject('t', 'b');
const tick = () => new Promise((r) => setTimeout(r, 5));

/** Two mailboxes on one bus, a (sender) and b (receiver); b is created only when `lateB`. */
function pair() {
  const bus = new Bus();
  const ta = new InProcessBus(bus);
  const tb = new InProcessBus(bus);
  return { ta, tb, a: new HaloMailbox(ta, A), b: () => new HaloMailbox(tb, B) };
}

describe('actors/ops: the halo mailbox', () => {
  it('keeps a bundle that arrives before anyone waits for it', async () => {
    const { a, b } = pair();
    const box = b();
    a.send(B, 'x:a>b', Float64Array.of(1, 2, 3), 'float64');
    await tick();
    expect(Array.from(await box.take('x:a>b', A, 1000))).to.deep.equal([1, 2, 3]);
  });

  it('delivers a bundle to a receiver already waiting', async () => {
    const { a, b } = pair();
    const box = b();
    const got = box.take('x:a>b', A, 1000);
    a.send(B, 'x:a>b', Float64Array.of(4, 5), 'float64');
    expect(Array.from(await got)).to.deep.equal([4, 5]);
  });

  it('drops a second copy of a bundle once the first was taken', async () => {
    const { ta, a, b } = pair();
    const box = b();
    a.send(B, 'x:a>b', Float64Array.of(1), 'float64');
    await box.take('x:a>b', A, 1000);
    sendBulk(ta, B, 'x:a>b', Float64Array.of(9), 'float64');
    await tick();
    const again = box.take('x:a>b', A, 30, 1000);
    const err = await again.then(() => undefined, (e) => e);
    expect(err).to.be.instanceOf(TransferTimeoutError);
    expect(box.counter.duplicates).to.equal(1);
  });

  it('gets a bundle published before the receiver subscribed by asking the sender to resend it', async () => {
    const { a, b } = pair();
    a.send(B, 'x:a>b', Float64Array.of(7, 8), 'float64'); // nobody listens on B yet: lost
    const box = b();
    const got = await box.take('x:a>b', A, 2000, 10);
    expect(Array.from(got)).to.deep.equal([7, 8]);
    expect(a.resent).to.equal(1);
  });

  it('fails with TransferTimeoutError naming the transfer when nothing comes', async () => {
    const { b } = pair();
    const err = await b().take('y:a>b', A, 30, 10).then(() => undefined, (e) => e);
    expect(err).to.be.instanceOf(TransferTimeoutError);
    expect(err.transfer).to.equal('y:a>b');
  });
});
