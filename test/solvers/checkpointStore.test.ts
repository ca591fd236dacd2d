/**
 * Solver checkpoints in JetStream (a real nats-server with JetStream, free port, temporary store): a
 * cgls checkpointed as blobs `<run>/iter-<k>` (the last `keep` kept) and aborted resumes from
 * `{ servers, bucket, run }` to the uninterrupted answer; a damaged newest blob falls back to the
 * previous one with a warning; no valid blob, or no blob at all, is a typed error.
 */
import { expect } from 'chai';
import { JetStreamApi } from '../../runtime/checkpoint/jsApi.ts';
import { JetStreamStore } from '../../runtime/checkpoint/JetStreamStore.ts';
import { startNatsCluster } from '../../runtime/testing/natsCluster.ts';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { NatsTransport } from '../../runtime/transport/NatsTransport.ts';
import { NDArray } from '../../operators/core/NDArray.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { CheckpointError, cgls, resume, type SolverResult } from '../../solvers/index.ts';
import { CheckpointRunNotFoundError } from '../../solvers/checkpointStore.ts';
import { JetStreamCheckpoints } from '../../solvers/checkpointJetStream.ts';
import { loadOperators, relerr } from './dense.ts';

await loadOperators();
const op = fromSpec({ op: 'Laplacian', params: { dims: [30, 20], axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } });
const y = NDArray.random([30, 20], 5).data as Float64Array;
const args = { niter: 10, damp: 0.1, tol: 0 };

describe('solver checkpoints in JetStream', function () {
  this.timeout(30_000);
  let server: NatsServer;
  let t: NatsTransport;
  let whole: SolverResult<FloatArray>;
  let n = 0;
  const bucket = () => `solver${++n}`;
  before(async () => {
    server = await startNatsServer({ jetstream: true });
    t = await NatsTransport.connect({ servers: server.url });
    whole = (await cgls(op, y, args)) as SolverResult<FloatArray>;
  });
  after(async () => {
    await t?.close();
    await server?.stop();
  });

  /** A cgls checkpointed every 3 iterations into `b`, aborted at the end of iteration 7. */
  async function crashed(b: string, extra: Record<string, unknown> = {}): Promise<void> {
    const ac = new AbortController();
    const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 7 && ac.abort(new Error('crash'));
    const checkpoint = { store: 'jetstream', servers: server.url, bucket: b, every: 3, ...extra };
    const err = await cgls(op, y, { ...args, checkpoint, signal: ac.signal, callback } as never).then(() => null, (e: Error) => e);
    expect(err?.message).to.equal('crash');
  }
  const names = async (b: string) => (await (await JetStreamStore.open(t, { bucket: b })).list()).map((c) => c.name);
  const resumeRun = (b: string, run: string, warn?: (m: string) => void) => resume({ servers: server.url, bucket: b, run }, { warn }) as Promise<SolverResult<FloatArray>>;

  it('writes blobs <run>/iter-<k>, keeps the last 2, and resumes from them to the uninterrupted answer (1e-12)', async () => {
    const b = bucket();
    await crashed(b, { run: 'run-a' });
    expect(await names(b)).to.deep.equal(['run-a/iter-3', 'run-a/iter-6']);
    const r = await resumeRun(b, 'run-a');
    expect([r.iterations, r.run]).to.deep.equal([10, 'run-a']);
    expect(r.x).to.be.instanceOf(Float64Array);
    expect(relerr(r.x, whole.x)).to.be.at.most(1e-12);
    expect(relerr(r.cost, whole.cost)).to.be.at.most(1e-12);
    expect(await names(b), 'the resumed run keeps checkpointing to the same run').to.deep.equal(['run-a/iter-6', 'run-a/iter-9']);
  });

  it('keeps `keep` checkpoints of its own run and leaves other runs in the bucket alone', async () => {
    const b = bucket();
    await crashed(b, { run: 'other', keep: 1 });
    await crashed(b, { run: 'mine', keep: 3 });
    expect((await names(b)).sort()).to.deep.equal(['mine/iter-3', 'mine/iter-6', 'other/iter-6']);
  });

  it('reports a generated run id in the result and on the progress line', async () => {
    const b = bucket();
    let out = '';
    const stream = { write: (s: string) => (out += s), isTTY: false };
    const r = await cgls(op, y, { ...args, niter: 4, show: { stream }, checkpoint: { store: 'jetstream', servers: server.url, bucket: b, every: 2 } } as never);
    expect(r.run).to.match(/^[0-9a-f-]{36}$/);
    expect(out).to.include(`cgls run ${r.run}: checkpoint every 2 iterations to JetStream bucket ${b}, run ${r.run}`);
    expect(await names(b)).to.deep.equal([`${r.run}/iter-2`, `${r.run}/iter-4`]);
  });

  const damages: [string, (b: string, name: string) => Promise<void>][] = [
    ['a flipped byte in a chunk (SHA-256 mismatch)', async (b, name) => {
      const { api, stream, uid } = await blobOf(t, b, name);
      const c = (await api.lastBySubject(stream, `ckpt.${b}.c.${uid}.0`))!;
      c.data[c.data.length >> 1] ^= 0xff;
      await api.publish(`ckpt.${b}.c.${uid}.0`, c.data);
    }],
    ['a missing chunk', async (b, name) => {
      const { api, stream, uid } = await blobOf(t, b, name);
      await api.purge(stream, `ckpt.${b}.c.${uid}.0`);
    }],
    ['intact bytes that are not a checkpoint', async (b, name) => {
      await (await JetStreamStore.open(t, { bucket: b })).put(name, new TextEncoder().encode('{"not":"msgpack"}'));
    }],
  ];
  for (const [what, damage] of damages) {
    it(`falls back to the previous checkpoint, with a warning, when the newest has ${what}`, async () => {
      const b = bucket();
      await crashed(b, { run: 'r' });
      await damage(b, 'r/iter-6');
      const warnings: string[] = [];
      const r = await resumeRun(b, 'r', (m) => warnings.push(m));
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/^skipping damaged checkpoint r\/iter-6: /);
      expect(relerr(r.x, whole.x)).to.be.at.most(1e-12);
    });
  }

  it('rejects a run whose every checkpoint is damaged with a CheckpointError naming bucket and run', async () => {
    const b = bucket();
    await crashed(b, { run: 'r' });
    for (const name of ['r/iter-3', 'r/iter-6']) await damages[0][1](b, name);
    const err = await resumeRun(b, 'r', () => undefined).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(CheckpointError).and.not.instanceOf(CheckpointRunNotFoundError);
    expect((err as CheckpointError).dir).to.equal(`JetStream bucket ${b}, run r`);
    expect((err as Error).message).to.include('none of the 2 checkpoints is valid');
  });

  it('rejects a run with no checkpoint with a CheckpointRunNotFoundError', async () => {
    const b = bucket();
    await crashed(b, { run: 'present' });
    const err = await resumeRun(b, 'absent').then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(CheckpointRunNotFoundError);
    expect((err as CheckpointRunNotFoundError).run).to.equal('absent');
  });

  const badOptions: [string, Record<string, unknown>, string][] = [
    ['a run id with a slash', { run: 'a/b' }, 'run'],
    ['a zero period', { every: 0 }, 'every'],
  ];
  for (const [what, o, parameter] of badOptions) {
    it(`rejects a JetStream checkpoint option with ${what} before it runs`, async () => {
      const err = await cgls(op, y, { ...args, checkpoint: { store: 'jetstream', servers: server.url, bucket: bucket(), ...o } } as never).then(() => null, (e: unknown) => e);
      expect((err as { parameter?: string })?.parameter).to.equal(parameter);
    });
  }

  it('lists a run’s checkpoints in iteration order, not in name order', async () => {
    const b = bucket();
    const ac = new AbortController();
    const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 10 && ac.abort(new Error('crash'));
    await cgls(op, y, { ...args, niter: 12, checkpoint: { store: 'jetstream', servers: server.url, bucket: b, every: 1, keep: 3, run: 'r' }, signal: ac.signal, callback } as never).catch(() => undefined);
    const s = await JetStreamCheckpoints.connect({ store: 'jetstream', servers: server.url, bucket: b }, 'r');
    try {
      expect((await s.iterations()).map((c) => c.iteration)).to.deep.equal([8, 9, 10]);
      expect((await s.load()).iteration).to.equal(10);
    } finally {
      await s.close();
    }
  });
});

describe('solver checkpoints in JetStream behind token auth', function () {
  this.timeout(30_000);
  let server: NatsServer;
  before(async () => (server = await startNatsServer({ jetstream: true, args: ['--auth', 's3cret'] })));
  after(() => server?.stop());

  it('checkpoints and resumes with the token, and a resume without it fails to connect', async () => {
    const ac = new AbortController();
    const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 5 && ac.abort(new Error('crash'));
    const checkpoint = { store: 'jetstream', servers: server.url, token: 's3cret', bucket: 'auth', every: 2, run: 'r' };
    await cgls(op, y, { ...args, checkpoint, signal: ac.signal, callback } as never).catch(() => undefined);
    const denied = await resume({ servers: server.url, bucket: 'auth', run: 'r' }).then(() => null, (e: unknown) => e);
    expect((denied as Error)?.message).to.match(/cannot connect/);
    const r = (await resume({ servers: server.url, token: 's3cret', bucket: 'auth', run: 'r' })) as SolverResult<FloatArray>;
    const w = (await cgls(op, y, args)) as SolverResult<FloatArray>;
    expect(relerr(r.x, w.x)).to.be.at.most(1e-12);
  });
});

describe('solver checkpoints on a 3-node JetStream cluster', function () {
  this.timeout(40_000);

  it('checkpoints through node 0 as soon as the cluster is up and resumes through node 2', async () => {
    const nc = await startNatsCluster({ jetstream: true });
    try {
      const ac = new AbortController();
      const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 7 && ac.abort(new Error('crash'));
      const checkpoint = { store: 'jetstream', servers: nc.urls[0], bucket: 'routed', every: 3, run: 'r' };
      const err = await cgls(op, y, { ...args, checkpoint, signal: ac.signal, callback } as never).then(() => null, (e: Error) => e);
      expect(err?.message, 'the run reaches its abort: JetStream waited for its meta leader').to.equal('crash');
      const r = (await resume({ servers: nc.urls[2], bucket: 'routed', run: 'r' })) as SolverResult<FloatArray>;
      const w = (await cgls(op, y, args)) as SolverResult<FloatArray>;
      expect(r.iterations).to.equal(10);
      expect(relerr(r.x, w.x)).to.be.at.most(1e-12);
    } finally {
      await nc.stop();
    }
  });
});

/** The JetStream API, stream and chunk uid of blob `name` in bucket `b`. */
async function blobOf(t: NatsTransport, b: string, name: string): Promise<{ api: JetStreamApi; stream: string; uid: string }> {
  const api = new JetStreamApi(t);
  const stream = `CKPT_${b}`;
  const m = await api.lastBySubject(stream, `ckpt.${b}.m.${Buffer.from(name).toString('base64url')}`);
  return { api, stream, uid: (JSON.parse(new TextDecoder().decode(m!.data)) as { uid: string }).uid };
}
