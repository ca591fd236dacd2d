/**
 * One contract, two transports: every test here runs against the in-process bus and against NATS
 * (a real nats-server started for the suite), so simulation mode behaves like the real thing.
 */
import { expect } from 'chai';
import {
  Bus,
  InProcessBus,
  InvalidSubjectError,
  NatsTransport,
  type Message,
  NoRespondersError,
  PayloadTooLargeError,
  RequestTimeoutError,
  type Transport,
  TransportClosedError,
} from '../../../runtime/transport/index.ts';
import { type NatsServer, startNatsServer } from '../../../runtime/testing/index.ts';

/** A transport under test: `connect` gives another connection to the same "server". */
interface Case {
  name: string;
  before(): Promise<void>;
  after(): Promise<void>;
  connect(): Promise<Transport>;
}

const busCase = (): Case => {
  let bus = new Bus();
  return {
    name: 'InProcessBus',
    before: async () => void (bus = new Bus()),
    after: async () => {},
    connect: async () => new InProcessBus(bus),
  };
};

const natsCase = (): Case => {
  let server: NatsServer | undefined;
  return {
    name: 'NatsTransport',
    before: async () => void (server = await startNatsServer()),
    after: async () => server?.stop(),
    connect: () => NatsTransport.connect({ servers: server!.url }),
  };
};

let subjectCount = 0;
/** A subject prefix of its own for each test, so tests never see each other's messages. */
const fresh = () => `t${process.pid}.${++subjectCount}`;
const bytes = (...v: number[]) => new Uint8Array(v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribes and resolves with the first `n` messages received. */
function collect(t: Transport, subject: string, n: number, queue?: string): { done: Promise<Message[]>; got: Message[] } {
  const got: Message[] = [];
  let resolve!: (m: Message[]) => void;
  const done = new Promise<Message[]>((r) => (resolve = r));
  t.subscribe(subject, (m) => {
    got.push(m);
    if (got.length === n) resolve(got);
  }, queue === undefined ? undefined : { queue });
  return { done, got };
}

/** Publishes a sentinel on a fresh subject after everything else and waits for it (a barrier). */
async function barrier(pub: Transport, sub: Transport): Promise<void> {
  const s = `${fresh()}.barrier`;
  const { done } = collect(sub, s, 1);
  await sub.flush();
  pub.publish(s, bytes(0));
  await done;
}

function runContract(c: Case): void {
  describe(`Transport contract: ${c.name}`, function () {
    let made: Transport[] = [];
    let a: Transport;
    let b: Transport;
    const connect = async () => {
      const t = await c.connect();
      made.push(t);
      return t;
    };

    before(() => c.before());
    after(() => c.after());
    beforeEach(async function () {
      a = await connect();
      b = await connect();
    });
    afterEach(async function () {
      await Promise.all(made.map((t) => t.close()));
      made = [];
    });

    const wildcardTable: [string, string, boolean][] = [
      ['x.*', 'x.a', true],
      ['x.*', 'x.a.b', false],
      ['x.*.z', 'x.a.z', true],
      ['x.*.z', 'x.a.y', false],
      ['x.>', 'x.a', true],
      ['x.>', 'x.a.b.c', true],
      ['x.a.>', 'x.a', false],
      ['*.a', 'x.a', true],
      ['x.a', 'x.a', true],
      ['x.a', 'x.ab', false],
    ];
    for (const [pattern, subject, expected] of wildcardTable) {
      it(`${expected ? 'delivers' : 'does not deliver'} ${subject} to a subscription on ${pattern}`, async function () {
        const p = fresh();
        const received: string[] = [];
        b.subscribe(`${p}.${pattern}`, (m) => received.push(m.subject));
        await b.flush();
        a.publish(`${p}.${subject}`, bytes(1));
        await barrier(a, b);
        expect(received).to.deep.equal(expected ? [`${p}.${subject}`] : []);
      });
    }

    it('rejects malformed subjects with InvalidSubjectError', function () {
      for (const s of ['', 'a..b', 'a.>.b', 'a b', '.a']) {
        expect(() => a.subscribe(s, () => {}), s).to.throw(InvalidSubjectError);
      }
      for (const s of ['', 'a.*', 'a.>', 'a..b']) {
        expect(() => a.publish(s, bytes(1)), s).to.throw(InvalidSubjectError);
      }
    });

    it('gives each message to exactly one member of a queue group and to every plain subscriber', async function () {
      const s = `${fresh()}.work`;
      const n = 40;
      const c2 = await connect();
      const members = [collect(b, s, n, 'q'), collect(c2, s, n, 'q')];
      const plain = collect(b, s, n);
      await Promise.all([b.flush(), c2.flush()]);
      for (let i = 0; i < n; i++) a.publish(s, bytes(i));
      await plain.done;
      await barrier(a, b);
      await barrier(a, c2);
      const seen = members.flatMap((m) => m.got.map((x) => x.data[0]!)).sort((x, y) => x - y);
      expect(seen).to.deep.equal([...Array(n).keys()]);
      expect(members.every((m) => m.got.length > 0)).to.equal(true);
      expect(plain.got.map((m) => m.data[0])).to.deep.equal([...Array(n).keys()]);
    });

    it('answers a request with the reply of a responder on another connection', async function () {
      const s = `${fresh()}.echo`;
      b.subscribe(s, (m) => m.respond(m.data.slice().reverse()));
      await b.flush();
      const reply = await a.request(s, bytes(1, 2, 3), { timeout: 2000 });
      expect([...reply.data]).to.deep.equal([3, 2, 1]);
    });

    it('reaches responders through wildcard and queue subscriptions', async function () {
      const p = fresh();
      b.subscribe(`${p}.ctl.*`, (m) => m.respond(bytes(7)), { queue: 'actors' });
      await b.flush();
      const reply = await a.request(`${p}.ctl.3`, bytes(1), { timeout: 2000 });
      expect([...reply.data]).to.deep.equal([7]);
    });

    it('fails a request nobody listens to with NoRespondersError naming the subject', async function () {
      const s = `${fresh()}.nobody`;
      const err = await a.request(s, bytes(1), { timeout: 5000 }).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(NoRespondersError);
      expect((err as NoRespondersError).subject).to.equal(s);
    });

    it('fails a request whose responder stays silent with RequestTimeoutError', async function () {
      const s = `${fresh()}.silent`;
      b.subscribe(s, () => {});
      await b.flush();
      const err = await a.request(s, bytes(1), { timeout: 50 }).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(RequestTimeoutError);
      expect((err as RequestTimeoutError).timeout).to.equal(50);
    });

    it('stops a request when its AbortSignal fires', async function () {
      const s = `${fresh()}.silent`;
      b.subscribe(s, () => {});
      await b.flush();
      const ac = new AbortController();
      const pending = a.request(s, bytes(1), { timeout: 10_000, signal: ac.signal });
      ac.abort(new Error('stop'));
      const err = await pending.then(() => null, (e: unknown) => e);
      expect((err as Error).message).to.equal('stop');
    });

    it('keeps the order of one publisher', async function () {
      const s = `${fresh()}.seq`;
      const n = 2000;
      const { done } = collect(b, s, n);
      await b.flush();
      for (let i = 0; i < n; i++) {
        const d = new Uint8Array(4);
        new DataView(d.buffer).setUint32(0, i);
        a.publish(s, d);
      }
      const got = await done;
      const seq = got.map((m) => new DataView(m.data.buffer, m.data.byteOffset, 4).getUint32(0));
      expect(seq).to.deep.equal([...Array(n).keys()]);
    });

    it('never calls a handler inside publish', async function () {
      const s = `${fresh()}.async`;
      let calls = 0;
      a.subscribe(s, () => calls++);
      await a.flush();
      a.publish(s, bytes(1));
      expect(calls).to.equal(0);
      await barrier(a, a);
      expect(calls).to.equal(1);
    });

    it('carries a payload of exactly maxPayload bytes intact and refuses one byte more', async function () {
      const s = `${fresh()}.big`;
      const big = new Uint8Array(a.maxPayload);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
      const { done } = collect(b, s, 1);
      await b.flush();
      a.publish(s, big);
      const [m] = await done;
      expect(m!.data.byteLength).to.equal(big.byteLength);
      expect(Buffer.compare(m!.data, big)).to.equal(0);
      expect(() => a.publish(s, new Uint8Array(a.maxPayload + 1))).to.throw(PayloadTooLargeError);
    });

    it('delivers nothing to a subscription after unsubscribe', async function () {
      const s = `${fresh()}.unsub`;
      const received: number[] = [];
      const sub = b.subscribe(s, (m) => received.push(m.data[0]!));
      await b.flush();
      a.publish(s, bytes(1));
      await barrier(a, b);
      sub.unsubscribe();
      await b.flush();
      a.publish(s, bytes(2));
      await barrier(a, b);
      expect(received).to.deep.equal([1]);
    });

    it('handles every queued message before drain resolves, then refuses to publish', async function () {
      const s = `${fresh()}.drain`;
      const n = 200;
      let handled = 0;
      b.subscribe(s, () => handled++);
      await b.flush();
      for (let i = 0; i < n; i++) a.publish(s, bytes(i));
      await a.flush();
      await barrier(a, b); // everything has reached b's side
      await b.drain();
      expect(handled).to.equal(n);
      expect(() => b.publish(s, bytes(1))).to.throw(TransportClosedError);
    });

    it('fails pending requests and later calls with TransportClosedError after close', async function () {
      const s = `${fresh()}.closing`;
      b.subscribe(s, () => {});
      await b.flush();
      const pending = a.request(s, bytes(1), { timeout: 10_000 });
      await sleep(10);
      await a.close();
      const err = await pending.then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(TransportClosedError);
      expect(() => a.publish(s, bytes(1))).to.throw(TransportClosedError);
      const err2 = await a.request(s, bytes(1), { timeout: 100 }).then(() => null, (e: unknown) => e);
      expect(err2).to.be.instanceOf(TransportClosedError);
    });
  });
}

for (const c of [busCase(), natsCase()]) runContract(c);
