import { expect } from 'chai';
import { FailoverTransport } from '../../runtime/cluster/failover.ts';
import { Bus } from '../../runtime/transport/Bus.ts';
import { InProcessBus } from '../../runtime/transport/InProcessBus.ts';
import { NoRespondersError } from '../../runtime/transport/types.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runtime/cluster/failover: requests that outlive a lost node', () => {
  let bus: Bus;
  let client: InProcessBus;
  let server: InProcessBus;
  beforeEach(() => {
    bus = new Bus();
    client = new InProcessBus(bus);
    server = new InProcessBus(bus);
  });
  afterEach(async () => {
    await Promise.all([client.close(), server.close()]);
  });

  it('retries no-responders until the responder is back (its node changed) and returns its answer', async () => {
    const t = new FailoverTransport(client, { failoverMs: 2000, retryMs: 10 });
    const reply = t.request('lops.c.ctl.w1', enc('k1'), { timeout: 5000 });
    await sleep(60);
    server.subscribe('lops.c.ctl.w1', (m) => m.respond(enc(`done ${dec(m.data)}`)));
    expect(dec((await reply).data)).to.equal('done k1');
    expect(t.stats.noResponders).to.be.greaterThan(0);
  });

  const giveUp: [string, { failoverMs: number; isLost?: () => boolean }][] = [
    ['after failoverMs', { failoverMs: 50 }],
    ['at once when the target is known lost', { failoverMs: 60_000, isLost: () => true }],
  ];
  for (const [name, opts] of giveUp) {
    it(`gives up with NoRespondersError (not a timeout) ${name}`, async () => {
      const t = new FailoverTransport(client, { ...opts, retryMs: 10 });
      const err = await t.request('lops.c.ctl.w9', enc('x'), { timeout: 5000 }).catch((e) => e);
      expect(err).to.be.instanceOf(NoRespondersError);
    });
  }

  it('re-sends the same bytes of a request whose first copy vanished, when its target reconnected', async () => {
    const seen: string[] = [];
    server.subscribe('lops.c.ctl.w1', (m) => {
      seen.push(dec(m.data));
      if (seen.length > 1) m.respond(enc('ok')); // the first copy is lost inside the dead node
    });
    const t = new FailoverTransport(client);
    const reply = t.request('lops.c.ctl.w1', enc('key-7'), { timeout: 10_000 });
    await sleep(20);
    t.resend('lops.c.ctl.w0'); // another actor: nothing happens
    await sleep(20);
    expect(seen).to.deep.equal(['key-7']);
    t.resend('lops.c.ctl.w1');
    expect(dec((await reply).data)).to.equal('ok');
    expect(seen).to.deep.equal(['key-7', 'key-7']);
    expect(t.stats.resent).to.equal(1);
  });

  it('still stops when the caller aborts', async () => {
    server.subscribe('lops.c.ctl.w1', () => {});
    const t = new FailoverTransport(client);
    const ac = new AbortController();
    const reply = t.request('lops.c.ctl.w1', enc('x'), { timeout: 10_000, signal: ac.signal });
    ac.abort(new Error('stop'));
    expect(await reply.catch((e) => e.message)).to.equal('stop');
  });
});
