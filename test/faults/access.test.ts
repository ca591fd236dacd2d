import { expect } from 'chai';
import { nkeys } from '@nats-io/transport-node';
import { connectCluster } from '../../actors/Cluster.ts';
import { runWorker, type WorkerHandle } from '../../actors/worker.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { type NatsServer, type NatsServerOptions, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';
import type { NatsTransportOptions } from '../../runtime/transport/natsOptions.ts';
import { TransportError } from '../../runtime/transport/types.ts';
import { hasOpenssl, makeTestCerts } from './certs.ts';

type Credentials = Omit<NatsTransportOptions, 'servers'>;

interface AccessCase {
  name: string;
  server: () => NatsServerOptions;
  ok: () => Credentials;
  /** Credentials that must be refused (none at all is always tried too). */
  wrong: () => Credentials;
}

const seed = (u: ReturnType<typeof nkeys.createUser>) => new TextDecoder().decode(u.getSeed());
const nkeyUser = nkeys.createUser();
const certs = hasOpenssl() ? makeTestCerts() : undefined;
after(() => certs?.remove());

const cases: AccessCase[] = [
  { name: 'a token', server: () => ({ args: ['--auth', 'tok-7'] }), ok: () => ({ token: 'tok-7' }), wrong: () => ({ token: 'tok-8' }) },
  {
    name: 'a user and password',
    server: () => ({ args: ['--user', 'lops', '--pass', 'pw-7'] }),
    ok: () => ({ user: 'lops', pass: 'pw-7' }),
    wrong: () => ({ user: 'lops', pass: 'pw-8' }),
  },
  {
    name: 'an nkey',
    server: () => ({ config: `authorization { users = [ { nkey: ${nkeyUser.getPublicKey()} } ] }\n` }),
    ok: () => ({ nkeySeed: seed(nkeyUser) }),
    wrong: () => ({ nkeySeed: seed(nkeys.createUser()) }),
  },
];
if (certs) {
  cases.push({
    name: 'mutual TLS (throwaway CA, client certificate required)',
    server: () => ({ config: `tls {\n cert_file: "${certs.serverCert}"\n key_file: "${certs.serverKey}"\n ca_file: "${certs.ca}"\n verify: true\n timeout: 2\n}\n` }),
    ok: () => ({ tls: { caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey } }),
    wrong: () => ({ tls: { caFile: certs.ca } }), // trusts the server but shows no certificate
  });
}

/** Resolves with what `p` rejected with, or fails the test if it resolved. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('faults/access: authentication, TLS and cluster isolation on real nats-servers', function () {
  this.timeout(30_000);

  it('has openssl for the TLS case (else the TLS case is not run and this says so)', () => {
    expect(certs, 'openssl not found: mutual TLS is untested').to.not.equal(undefined);
  });

  for (const c of cases) {
    it(`with ${c.name}: a worker and driver with credentials compute; without or with wrong ones they get TransportError and cannot inject commands`, async () => {
      const server = await startNatsServer(c.server());
      let worker: WorkerHandle | undefined;
      try {
        const url = server.url;
        worker = await runWorker({ servers: url, cluster: 'sec', actor: 'w0', signals: false, heartbeatMs: 100, ...c.ok() });
        const cluster = await connectCluster({ servers: url, cluster: 'sec', settleMs: 0, ...c.ok() });
        try {
          const nd = NDArray.fromNested([3, 4, 12]);
          const x = cluster.fromArray(nd);
          expect(await x.norm()).to.equal(13);
          for (const bad of [{}, c.wrong()]) {
            const creds = { ...bad, connectTimeout: 2000 };
            expect(await rejection(runWorker({ servers: url, cluster: 'sec', actor: 'intruder', signals: false, ...creds }))).to.be.instanceOf(TransportError);
            expect(await rejection(connectCluster({ servers: url, cluster: 'sec', settleMs: 0, ...creds }))).to.be.instanceOf(TransportError);
            // a raw client cannot even connect, so it has no way to publish on lops.sec.ctl.w0
            expect(await rejection(NatsTransport.connect({ servers: url, ...creds }))).to.be.instanceOf(TransportError);
          }
          expect(await x.scale(2).norm()).to.equal(26);
        } finally {
          await cluster.close();
        }
      } finally {
        await worker?.stop();
        await server.stop();
      }
    });
  }

  describe('two clusters on one server', () => {
    let server: NatsServer;
    before(async () => {
      server = await startNatsServer();
    });
    after(() => server.stop());

    it('a worker of another cluster name sees nothing of this one, and is not a member of it', async () => {
      const url = server.url;
      const mine = await runWorker({ servers: url, cluster: 'alpha', actor: 'w0', signals: false, heartbeatMs: 100 });
      const stranger = await runWorker({ servers: url, cluster: 'beta', actor: 'x9', signals: false, heartbeatMs: 100 });
      // a listener posing as a beta worker without heartbeats of its own, plus one on alpha to show traffic flowed
      const spy = await NatsTransport.connect({ servers: url });
      const seen = { alpha: 0, beta: [] as string[] };
      // beta's only traffic may be its own worker's heartbeats
      spy.subscribe('lops.beta.>', (m) => m.subject !== 'lops.beta.hb.x9' && seen.beta.push(m.subject));
      spy.subscribe('lops.alpha.>', () => seen.alpha++);
      await spy.flush();
      const cluster = await connectCluster({ servers: url, cluster: 'alpha', settleMs: 300 });
      try {
        expect(cluster.actors).to.deep.equal(['w0']);
        const x = cluster.random([40, 8], { seed: 2 });
        const y = x.scale(3).axpy(-2, x);
        expect(await y.norm()).to.be.closeTo(await x.norm(), 1e-12);
        expect((await y.toArray()).data).to.have.length(320);
        await spy.flush();
        expect(seen.alpha).to.be.above(0);
        expect(seen.beta).to.deep.equal([]);
      } finally {
        await cluster.close();
        await spy.close();
        await Promise.all([mine.stop(), stranger.stop()]);
      }
    });
  });
});
