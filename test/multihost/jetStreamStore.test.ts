import { expect } from 'chai';
import { JetStreamApi } from '../../runtime/checkpoint/jsApi.ts';
import { JetStreamStore } from '../../runtime/checkpoint/JetStreamStore.ts';
import { CheckpointCorruptError, CheckpointNotFoundError, JetStreamApiError } from '../../runtime/checkpoint/types.ts';
import { type NatsCluster, startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';

const CHUNK = 1024;
const blob = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 255);

describe('runtime/checkpoint: checkpoints in JetStream', function () {
  this.timeout(30_000);
  let server: NatsServer;
  let t: NatsTransport;
  let bucketNo = 0;
  const store = (opts: { keep?: number } = {}) => JetStreamStore.open(t, { bucket: `b${++bucketNo}`, chunkSize: CHUNK, ...opts });
  before(async () => {
    server = await startNatsServer({ jetstream: true });
    t = await NatsTransport.connect({ servers: server.url });
  });
  after(async () => {
    await t?.close();
    await server?.stop();
  });

  const sizes: [string, number, number][] = [
    ['an empty blob', 0, 1],
    ['one byte', 1, 1],
    ['one byte less than a chunk', CHUNK - 1, 1],
    ['exactly one chunk', CHUNK, 1],
    ['three chunks and a bit', 3 * CHUNK + 5, 4],
    ['a blob of 40 chunks (read 8 at a time)', 40 * CHUNK, 40],
  ];
  for (const [name, n, chunks] of sizes) {
    it(`returns ${name} unchanged, in ${chunks} chunk(s)`, async () => {
      const s = await store();
      const b = blob(n, n);
      const info = await s.put('ck', b);
      expect([info.size, info.chunks]).to.deep.equal([n, chunks]);
      expect(Buffer.from(await s.get('ck')).equals(Buffer.from(b))).to.equal(true);
    });
  }

  it('round-trips 1.5 MiB in the default 256 KiB chunks (each read back within max_payload)', async () => {
    const s = await JetStreamStore.open(t, { bucket: `b${++bucketNo}` });
    const b = blob(1.5 * 2 ** 20, 5);
    expect((await s.put('big', b)).chunks).to.equal(6);
    expect(Buffer.from(await s.get('big')).equals(Buffer.from(b))).to.equal(true);
  });

  it('lists checkpoints oldest first and replaces a name written again, dropping the old chunks', async () => {
    const s = await store();
    await s.put('run/iter 1', blob(2000, 1));
    await s.put('run/iter 2', blob(10, 2));
    await s.put('run/iter 1', blob(3000, 3));
    expect((await s.list()).map((c) => [c.name, c.size])).to.deep.equal([['run/iter 2', 10], ['run/iter 1', 3000]]);
    expect(Buffer.from(await s.get('run/iter 1')).equals(Buffer.from(blob(3000, 3)))).to.equal(true);
    const chunkSubjects = await new JetStreamApi(t).subjects(s.stream, `ckpt.${s.bucket}.c.>`);
    expect(chunkSubjects).to.have.length(1 + 3); // 10 bytes: one chunk; 3000 bytes: three
  });

  it('keeps the newest k on prune(k), and after every put with `keep`', async () => {
    const s = await store();
    for (let i = 0; i < 5; i++) await s.put(`i${i}`, blob(1500, i));
    expect(await s.prune(2)).to.deep.equal(['i0', 'i1', 'i2']);
    expect((await s.list()).map((c) => c.name)).to.deep.equal(['i3', 'i4']);
    const k = await store({ keep: 3 });
    for (let i = 0; i < 6; i++) await k.put(`j${i}`, blob(100, i));
    expect((await k.list()).map((c) => c.name)).to.deep.equal(['j3', 'j4', 'j5']);
    expect(await k.get('j0').catch((e) => e)).to.be.instanceOf(CheckpointNotFoundError);
  });

  it('rejects an unknown name with CheckpointNotFoundError naming it', async () => {
    const err = await (await store()).get('nope').catch((e) => e);
    expect(err).to.be.instanceOf(CheckpointNotFoundError).with.property('checkpoint', 'nope');
  });

  const damage: [string, (api: JetStreamApi, subject: string, stream: string) => Promise<unknown>][] = [
    ['a chunk rewritten with other bytes of the same length (SHA-256 differs)', (api, subject) => api.publish(subject, new Uint8Array(CHUNK).fill(7))],
    ['a chunk rewritten shorter', (api, subject) => api.publish(subject, new Uint8Array(3))],
    ['a chunk missing', (api, subject, stream) => api.purge(stream, subject)],
  ];
  for (const [name, spoil] of damage) {
    it(`refuses a checkpoint with ${name} with CheckpointCorruptError`, async () => {
      const s = await store();
      await s.put('ck', blob(3 * CHUNK, 9));
      const api = new JetStreamApi(t);
      const [subject] = await api.subjects(s.stream, `ckpt.${s.bucket}.c.*.1`);
      await spoil(api, subject, s.stream);
      expect(await s.get('ck').catch((e) => e)).to.be.instanceOf(CheckpointCorruptError).with.property('checkpoint', 'ck');
    });
  }

  it('fails with JetStreamApiError on a server without JetStream', async () => {
    const plain = await startNatsServer();
    const err = await JetStreamStore.connect({ servers: plain.url, bucket: 'x' }).catch((e) => e);
    await plain.stop();
    expect(err).to.be.instanceOf(JetStreamApiError);
  });

  it('rejects a bucket name that is not one subject token with InvalidParameterError naming bucket', async () => {
    const err = await JetStreamStore.open(t, { bucket: 'a.b' }).catch((e) => e);
    expect(err).to.have.property('parameter', 'bucket');
  });

  describe('on a 3-node JetStream cluster', () => {
    let nc: NatsCluster;
    before(async () => {
      nc = await startNatsCluster({ jetstream: true });
    });
    after(() => nc?.stop());

    it('reads on one node what a driver wrote on another (a resume on another host)', async () => {
      const b = blob(5 * CHUNK + 3, 4);
      await writeRetrying(nc.urls[0], 'snapshot', b);
      const reader = await JetStreamStore.connect({ servers: nc.urls[2], bucket: 'runs', chunkSize: CHUNK });
      expect(Buffer.from(await reader.get('snapshot')).equals(Buffer.from(b))).to.equal(true);
      await reader.close();
    });
  });
});

/**
 * A clustered JetStream needs a meta leader before it accepts a stream, and the stream a leader before
 * it acknowledges a publish: retry the write (JetStreamApiError only) while they are elected.
 */
async function writeRetrying(url: string, name: string, bytes: Uint8Array): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let store: JetStreamStore | undefined;
    try {
      store = await JetStreamStore.connect({ servers: url, bucket: 'runs', chunkSize: CHUNK });
      await store.put(name, bytes);
      return;
    } catch (e) {
      if (attempt > 50 || !(e instanceof JetStreamApiError)) throw e;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await store?.close();
    }
  }
}
