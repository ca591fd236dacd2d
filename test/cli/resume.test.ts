/**
 * `actorlops resume`: a cgls checkpointed in JetStream (real nats-server, free port) and aborted is
 * continued by the command, on 2 worker processes or in the command's own process, to the
 * uninterrupted answer (x read back from --out); a missing run, an unreachable server and bad flags
 * give one line on stderr and exit code 2.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NDArray } from '../../operators/core/NDArray.ts';
import { fromSpec } from '../../operators/core/spec.ts';
import { readNpy } from '../../runtime/npy.ts';
import { freePort, type NatsServer, startNatsServer } from '../../runtime/testing/index.ts';
import { cgls } from '../../solvers/index.ts';
import { loadOperators, relerr } from '../solvers/dense.ts';
import { REPO } from '../examples/run.ts';

await loadOperators();
const CLI = join(REPO, 'bin', 'actorlops.mjs');
const shape = [30, 20];
const op = fromSpec({ op: 'Laplacian', params: { dims: shape, axes: [0, 1], weights: [1, 0.5], dtype: 'float64' } });
const y = NDArray.random(shape, 8).data as Float64Array;
const args = { niter: 10, damp: 0.1, tol: 0 };

function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...argv], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('actorlops resume', function () {
  this.timeout(40_000);
  let server: NatsServer;
  let dir: string;
  let whole: Float64Array;
  before(async () => {
    [server, dir] = await Promise.all([startNatsServer({ jetstream: true }), mkdtemp(join(tmpdir(), 'actorlops-cli-resume-'))]);
    whole = (await cgls(op, y, args)).x as Float64Array;
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Checkpoints run `run` every 3 iterations and aborts it after iteration 7. */
  async function crashed(run: string): Promise<void> {
    const ac = new AbortController();
    const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 7 && ac.abort(new Error('crash'));
    await cgls(op, y, { ...args, checkpoint: { store: 'jetstream', servers: server.url, bucket: 'cli', every: 3, run }, signal: ac.signal, callback } as never).catch(() => undefined);
  }

  const ways: [string, string[], RegExp][] = [
    ['on 2 worker processes', ['--workers', '2'], /on 2 workers/],
    ['in its own process', [], /locally/],
  ];
  for (const [how, extra, says] of ways) {
    it(`continues an aborted run ${how} to the uninterrupted answer (1e-12) and writes x to --out`, async () => {
      const run = `cli-${extra.length}`;
      await crashed(run);
      const out = join(dir, `${run}.npy`);
      const r = await cli(['resume', '--servers', server.url, '--bucket', 'cli', '--run', run, ...extra, '--out', out]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`resuming cgls run ${run} from iteration 6 .*`));
      expect(r.stdout).to.match(says);
      expect(r.stdout).to.include(`cgls run ${run}: 10 iterations (stop: niter)`);
      const x = await readNpy(out);
      expect(x.shape).to.deep.equal(shape);
      expect(relerr(x.data, whole)).to.be.at.most(1e-12);
    });
  }

  const failures: [string, () => Promise<string[]>, RegExp][] = [
    ['a run with no checkpoint', async () => ['--servers', server.url, '--bucket', 'cli', '--run', 'nope'], /no checkpoint of run nope/],
    ['an unreachable server', async () => ['--servers', `nats://127.0.0.1:${await freePort()}`, '--bucket', 'cli', '--run', 'x'], /cannot connect to nats:\/\/127\.0\.0\.1:\d+/],
    ['a bad --workers', async () => ['--servers', server.url, '--bucket', 'cli', '--run', 'x', '--workers', 'two'], /--workers must be a positive integer/],
    ['a bad --run', async () => ['--servers', server.url, '--bucket', 'cli', '--run', 'a/b'], /--run must be a run id/],
  ];
  for (const [what, argv, says] of failures) {
    it(`reports ${what} in one line and exits with code 2`, async () => {
      const r = await cli(['resume', ...(await argv())]);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim().split('\n'), r.stderr).to.have.length(1);
      expect(r.stderr).to.match(says);
    });
  }
});
