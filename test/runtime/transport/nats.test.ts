/** What only the NATS transport has: reconnects, auth, server limits, status events, error causes. */
import { nkeys } from '@nats-io/transport-node';
import { expect } from 'chai';
import { type NatsServer, freePort, startNatsServer } from '../../../runtime/testing/index.ts';
import {
  NatsTransport,
  NoRespondersError,
  RequestTimeoutError,
  TransportError,
  type TransportStatus,
} from '../../../runtime/transport/index.ts';

const bytes = (...v: number[]) => new Uint8Array(v);
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Resolves at the first status of the given type. */
function nextStatus(t: NatsTransport, type: TransportStatus['type']): Promise<TransportStatus> {
  return new Promise((resolve) => {
    const off = t.onStatus((s) => {
      if (s.type === type) {
        off();
        resolve(s);
      }
    });
  });
}

describe('NatsTransport', function () {
  let server: NatsServer;
  beforeEach(async () => void (server = await startNatsServer()));
  afterEach(() => server.stop());

  const outages: { name: string; outage: (s: NatsServer) => Promise<void> }[] = [
    { name: 'is killed and restarted', outage: async (s) => (await s.kill(), await s.restart()) },
    { name: 'restarts gracefully', outage: (s) => s.restart() },
  ];
  for (const { name, outage } of outages) it(`reconnects after nats-server ${name} on the same port, and the next request succeeds`, async function () {
    const a = await NatsTransport.connect({ servers: server.url });
    const b = await NatsTransport.connect({ servers: server.url });
    try {
      b.subscribe('svc.echo', (m) => m.respond(m.data));
      await b.flush();
      expect([...(await a.request('svc.echo', bytes(1), { timeout: 2000 })).data]).to.deep.equal([1]);
      const events: string[] = [];
      a.onStatus((s) => events.push(s.type));
      const reconnected = Promise.all([nextStatus(a, 'reconnect'), nextStatus(b, 'reconnect')]);
      const port = server.port;
      await outage(server);
      expect(server.port).to.equal(port);
      await reconnected;
      await b.flush(); // b's subscription is re-sent on reconnect; flush makes sure the server has it
      const reply = await a.request('svc.echo', bytes(2), { timeout: 2000 });
      expect([...reply.data]).to.deep.equal([2]);
      expect(events).to.include.members(['disconnect', 'reconnect']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps the NATS client error as the cause of NoRespondersError and RequestTimeoutError', async function () {
    const t = await NatsTransport.connect({ servers: server.url });
    try {
      const noResp = await t.request('nobody.here', bytes(1), { timeout: 1000 }).catch((e: unknown) => e);
      expect(noResp).to.be.instanceOf(NoRespondersError);
      expect((noResp as Error).cause).to.be.instanceOf(Error);
      t.subscribe('silent', () => {});
      await t.flush();
      const timeout = await t.request('silent', bytes(1), { timeout: 30 }).catch((e: unknown) => e);
      expect(timeout).to.be.instanceOf(RequestTimeoutError);
      expect((timeout as Error).cause).to.be.instanceOf(Error);
    } finally {
      await t.close();
    }
  });

  it('fails to connect to a port where no server listens with TransportError and a cause', async function () {
    const port = await freePort();
    const err = await NatsTransport.connect({ servers: `nats://127.0.0.1:${port}`, connectTimeout: 500 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransportError);
    expect((err as Error).cause).to.be.instanceOf(Error);
  });

  it('reports the server max_payload as maxPayload', async function () {
    const small = await startNatsServer({ config: 'max_payload: 65536\n' });
    const t = await NatsTransport.connect({ servers: small.url });
    try {
      expect(t.maxPayload).to.equal(65536);
    } finally {
      await t.close();
      await small.stop();
    }
  });

  const authCases: { name: string; server: string[]; ok: object; bad: object }[] = [
    { name: 'a user and password', server: ['--user', 'u1', '--pass', 's3cret'], ok: { user: 'u1', pass: 's3cret' }, bad: { user: 'u1', pass: 'nope' } },
    { name: 'a token', server: ['--auth', 'tok3n'], ok: { token: 'tok3n' }, bad: { token: 'nope' } },
  ];
  for (const c of authCases) {
    it(`authenticates with ${c.name} and refuses wrong credentials`, async function () {
      const secured = await startNatsServer({ args: c.server });
      try {
        const t = await NatsTransport.connect({ servers: secured.url, ...c.ok });
        await t.flush();
        await t.close();
        const err = await NatsTransport.connect({ servers: secured.url, ...c.bad }).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(TransportError);
      } finally {
        await secured.stop();
      }
    });
  }

  it('authenticates with an nkey seed and refuses another key', async function () {
    const user = nkeys.createUser();
    const secured = await startNatsServer({ config: `authorization { users = [ { nkey: ${user.getPublicKey()} } ] }\n` });
    try {
      const t = await NatsTransport.connect({ servers: secured.url, nkeySeed: new TextDecoder().decode(user.getSeed()) });
      await t.flush();
      await t.close();
      const other = new TextDecoder().decode(nkeys.createUser().getSeed());
      const err = await NatsTransport.connect({ servers: secured.url, nkeySeed: other }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(TransportError);
    } finally {
      await secured.stop();
    }
  });

  it('leaves no socket open after drain', async function () {
    const before = sockets();
    const t = await NatsTransport.connect({ servers: server.url });
    t.subscribe('x.>', () => {});
    await t.flush();
    expect(sockets()).to.be.greaterThan(before);
    await t.drain();
    // the socket is destroyed by the client at close; its handle goes away within a few event-loop turns
    for (let i = 0; i < 100 && sockets() > before; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sockets()).to.equal(before);
  });
});
