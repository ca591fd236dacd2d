/** What only the in-process bus has: the fault hook, handler errors, routing details. */
import { expect } from 'chai';
import { Bus, type Delivery, InProcessBus, type Message } from '../../../runtime/transport/index.ts';

const bytes = (...v: number[]) => new Uint8Array(v);
const tick = () => new Promise((r) => setImmediate(r));

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
}

describe('InProcessBus', function () {
  it('hands receivers the publisher’s bytes without copying', async function () {
    const t = new InProcessBus();
    const data = bytes(1, 2, 3);
    let got: Uint8Array | undefined;
    t.subscribe('x', (m) => (got = m.data));
    t.publish('x', data);
    await settle();
    expect(got).to.equal(data);
  });

  it('lets the fault hook drop, duplicate and delay deliveries', async function () {
    const bus = new Bus();
    const a = new InProcessBus(bus);
    const b = new InProcessBus(bus);
    const seen: number[] = [];
    b.subscribe('f', (m) => seen.push(m.data[0]!));
    const held: (() => void)[] = [];
    bus.faultHook = (d: Delivery, deliver) => {
      const v = d.envelope.data[0]!;
      if (v === 1) return; // drop
      if (v === 2) { deliver(); deliver(); return; } // duplicate
      if (v === 3) { held.push(deliver); return; } // delay: released later, after 4 (reorder)
      deliver();
    };
    for (const v of [1, 2, 3, 4]) a.publish('f', bytes(v));
    await settle();
    held.forEach((f) => f());
    await settle();
    expect(seen).to.deep.equal([2, 2, 4, 3]);
  });

  it('tells the fault hook which transport owns the target subscription', async function () {
    const bus = new Bus();
    const a = new InProcessBus(bus);
    const b = new InProcessBus(bus);
    a.subscribe('o', () => {});
    b.subscribe('o', () => {});
    const owners: string[] = [];
    bus.faultHook = (d, deliver) => { owners.push(d.target.owner); deliver(); };
    a.publish('o', bytes(1));
    expect(new Set(owners).size).to.equal(2);
  });

  it('times out (not no-responders) a request whose delivery the fault hook drops', async function () {
    const bus = new Bus();
    const a = new InProcessBus(bus);
    new InProcessBus(bus).subscribe('r', (m) => m.respond(m.data));
    bus.faultHook = () => {};
    const err = await a.request('r', bytes(1), { timeout: 20 }).then(() => null, (e: unknown) => e);
    expect((err as Error).name).to.equal('RequestTimeoutError');
  });

  it('reports a throwing handler to onHandlerError and keeps delivering', async function () {
    const errors: unknown[] = [];
    const t = new InProcessBus(undefined, { onHandlerError: (e) => errors.push(e) });
    const seen: number[] = [];
    t.subscribe('h', (m: Message) => {
      seen.push(m.data[0]!);
      if (m.data[0] === 1) throw new Error('boom');
    });
    t.publish('h', bytes(1));
    t.publish('h', bytes(2));
    await settle();
    expect(seen).to.deep.equal([1, 2]);
    expect(errors).to.have.length(1);
  });

  it('removes every subscription of a closed transport from the shared bus', async function () {
    const bus = new Bus();
    const a = new InProcessBus(bus);
    const b = new InProcessBus(bus);
    a.subscribe('a.>', () => {});
    a.subscribe('a.b', () => {}, { queue: 'q' });
    b.subscribe('a.b', () => {});
    await a.close();
    expect(bus.size).to.equal(1);
  });

  it('does not recurse when a handler publishes to its own subject', async function () {
    const t = new InProcessBus();
    let depth = 0;
    let maxDepth = 0;
    let count = 0;
    t.subscribe('loop', (m) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      if (++count < 1000) t.publish('loop', m.data);
      depth--;
    });
    t.publish('loop', bytes(0));
    while (count < 1000) await tick();
    expect(maxDepth).to.equal(1);
  });
});
