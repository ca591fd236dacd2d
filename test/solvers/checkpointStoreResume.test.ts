/**
 * Resuming on another host: a distributed cgls over NATS (2 worker processes) checkpoints into
 * JetStream from a driver process that is SIGKILLed mid-run; a second driver process with its own empty
 * working directory and HOME (nothing shared but the nats-server) resumes it with
 * `resume({ servers, bucket, run }, { cluster })` and gets the uninterrupted answer to 1e-12.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NDArray } from '../../operators/core/NDArray.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import { type NatsServer, startNatsServer } from '../../runtime/testing/natsServer.ts';
import { cgls } from '../../solvers/index.ts';
import { loadOperators, relerr } from './dense.ts';

await loadOperators();
const repo = (p: string) => new URL(`../../${p}`, import.meta.url).href;
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const shape = [60, 40];
const chunks = [[25, 35], [15, 25]];
const spec = { op: 'Laplacian', params: { dims: shape, axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } };
const opts = { niter: 24, damp: 0.05, tol: 0 };

/** Module code shared by both drivers: the problem, rebuilt from scratch in each process. */
const prelude = `
import { launchCluster } from '${repo('actors/index.ts')}';
import '${repo('operators/index.ts')}';
import { NDArray } from '${repo('operators/core/NDArray.ts')}';
import { fromSpec } from '${repo('operators/core/spec.ts')}';
import { cgls, resume } from '${repo('solvers/index.ts')}';
const [servers, bucket, run] = JSON.parse(process.env.CKPT_TEST);
const op = fromSpec(${JSON.stringify(spec)});
const cluster = await launchCluster({ transport: 'nats', workers: 2, servers });
console.log('WORKERS ' + JSON.stringify(cluster.describe().workers.map((w) => w.pid)));
`;

/** Driver 1: checkpoints every 5 iterations and hangs in the callback of iteration 12 (to be killed). */
const first = `${prelude}
const y = cluster.fromArray(NDArray.random(${JSON.stringify(shape)}, 21), { chunks: ${JSON.stringify(chunks)} });
await cgls(op, y, { ...${JSON.stringify(opts)}, show: { stream: process.stdout, every: 1000 },
  checkpoint: { store: 'jetstream', servers, bucket, every: 5 },
  callback: (_x, i) => { if (i.iteration === 12) { console.log('AT 12'); return new Promise(() => {}); } } });
`;

/** Driver 2: resumes the run in its own cluster and prints the answer. */
const second = `${prelude}
let from = -1;
const r = await resume({ servers, bucket, run }, { cluster, callback: (_x, i) => { if (from < 0) from = i.iteration; } });
const x = await r.x.toArray();
console.log('RESULT ' + JSON.stringify({ run: r.run, from, iterations: r.iterations, distributed: r.x.constructor.name, grid: r.x.grid.toJSON(), x: Array.from(x.data), cost: r.cost }));
await cluster.close();
`;

interface Driver {
  proc: ChildProcess;
  out: () => string;
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
}

/** `node --import tsx --input-type=module -e code` in `cwd` with HOME=`cwd`. */
function driver(code: string, cwd: string, env: string): Driver {
  const proc = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', code], { cwd, env: { ...process.env, HOME: cwd, CKPT_TEST: env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const feed = (b: Buffer) => {
    out += b.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', feed);
  proc.stderr!.on('data', feed);
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m) (listeners.delete(check), resolve(m));
      };
      listeners.add(check);
      proc.once('exit', (code, sig) => setImmediate(() => (check(), reject(new Error(`driver exited (${code ?? sig}) before ${re}:\n${out}`)))));
      check();
    });
  return { proc, out: () => out, waitFor };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a run checkpointed in JetStream, resumed by a driver on another host', function () {
  this.timeout(40_000);
  let server: NatsServer;
  const dirs: string[] = [];
  const pids: number[] = [];
  before(async () => (server = await startNatsServer({ jetstream: true })));
  after(async () => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await server?.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const home = async () => {
    const d = await mkdtemp(join(tmpdir(), 'actorlops-host-'));
    dirs.push(d);
    return d;
  };

  it('gets the uninterrupted answer (1e-12) after the first driver is SIGKILLed at iteration 12', async () => {
    const op = fromSpec(spec);
    const whole = cgls(op, NDArray.random(shape, 21).data, opts);

    const a = driver(first, await home(), JSON.stringify([[server.url], 'hosts', '']));
    const workersA = JSON.parse((await a.waitFor(/WORKERS (\[.*\])/))[1]) as number[];
    pids.push(a.proc.pid!, ...workersA);
    const run = (await a.waitFor(/cgls run ([0-9a-f-]{36}): checkpoint every 5 iterations to JetStream bucket hosts/))[1];
    await a.waitFor(/AT 12/);
    const exited = new Promise((r) => a.proc.once('exit', r));
    a.proc.kill('SIGKILL');
    await exited;
    for (let i = 0; i < 100 && workersA.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(workersA.filter(alive), 'the killed driver\'s workers exit with it (IPC channel closed)').to.deep.equal([]);

    const b = driver(second, await home(), JSON.stringify([[server.url], 'hosts', run]));
    const m = await b.waitFor(/RESULT (.*)/);
    pids.push(...(JSON.parse((await b.waitFor(/WORKERS (\[.*\])/))[1]) as number[]));
    const r = JSON.parse(m[1]) as { run: string; from: number; grid: number[][]; iterations: number; distributed: string; x: number[]; cost: number[] };
    const w = await whole;
    expect([r.run, r.iterations, r.distributed]).to.deep.equal([run, opts.niter, 'DistributedArray']);
    expect(r.grid, 'vectors scattered back on the checkpoint\'s chunk grid').to.deep.equal(chunks);
    expect(r.from, 'first iteration run by the second driver: after the checkpoint of iteration 10').to.equal(11);
    expect(relerr(r.x, w.x as FloatArray)).to.be.at.most(1e-12);
    expect(relerr(r.cost, w.cost)).to.be.at.most(1e-12);
    expect(a.out()).not.to.include('RESULT');
  });
});
