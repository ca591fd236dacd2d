import { expect } from 'chai';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, NotBuiltError } from '../../bin/errors.ts';
import { fileURLToPath } from 'node:url';
import { parseServers, redactUrl, runWorkerCommand, workerOptions } from '../../bin/worker.ts';
import { freePort, startNatsServer, type NatsServer } from '../../runtime/testing/index.ts';
import { readPng } from '../examples/png.ts';
import { REPO } from '../examples/run.ts';

const CLI = join(REPO, 'bin', 'actorlops.mjs');

/** Runs `node bin/actorlops.mjs ...args` (the installed command's entry); never rejects. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** One line on stderr, no stack-trace frames. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n'), stderr).to.have.length(1);
  expect(stderr).not.to.match(/^\s+at /m);
}

describe('actorlops CLI', function () {
  this.timeout(60_000);

  it('lists its subcommands in --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).to.equal(0);
    for (const c of ['demo', 'bench', 'worker']) expect(r.stdout).to.match(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  const helps: { cmd: string; shows: string[] }[] = [
    { cmd: 'demo', shows: ['--out <dir>', 'derivatives', 'diagonal', 'inversion'] },
    { cmd: 'bench', shows: ['[topics...]'] },
    { cmd: 'worker', shows: ['--servers <urls>', '--cluster <name>', '--name <id>', '--token', '--user', '--pass', '--creds'] },
  ];
  for (const h of helps) {
    it(`documents \`${h.cmd}\` in \`${h.cmd} --help\``, async () => {
      const r = await cli([h.cmd, '--help']);
      expect(r.code).to.equal(0);
      for (const s of h.shows) expect(r.stdout).to.contain(s);
    });
  }

  const bad: { args: string[]; says: RegExp }[] = [
    { args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
    { args: ['demo', '--size', '3'], says: /unknown option '--size'/ },
    { args: ['demo', 'spectra'], says: /'spectra' is invalid .* derivatives, diagonal, inversion/ },
    { args: ['worker', '--cluster', 'c1'], says: /required option '--servers <urls>'/ },
    { args: ['worker', '--servers', 'http://h:1', '--cluster', 'c1'], says: /--servers must be NATS URLs/ },
    { args: ['worker', '--servers', 'nats://127.0.0.1:1', '--cluster', 'a.b'], says: /--cluster must be .* Value: `a.b`/ },
    { args: ['worker', '--servers', 'nats://127.0.0.1:1', '--cluster', 'c1', '--token', 't', '--creds', 'x.creds'], says: /only one way to authenticate/ },
  ];
  for (const b of bad) {
    it(`rejects \`${b.args.join(' ')}\` with exit code 2 and a one-line message`, async () => {
      const r = await cli(b.args);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(b.says);
      expectOneLine(r.stderr);
    });
  }

  it('reports an unreachable NATS server in one line with exit code 2', async () => {
    const port = await freePort();
    const r = await cli(['worker', '--servers', `nats://127.0.0.1:${port}`, '--cluster', 'c1']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`127.0.0.1:${port}`);
    expectOneLine(r.stderr);
  });

  it('writes the derivatives gallery with `demo derivatives --out DIR`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-demo-'));
    try {
      const r = await cli(['demo', 'derivatives', '--out', dir]);
      expect(r.code, r.stderr).to.equal(0);
      const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
      expect(pngs).to.deep.equal(['derivative-1d.png', 'first-derivative-2d.png', 'laplacian.png', 'second-derivative-2d.png']);
      for (const f of pngs) {
        expect(r.stdout).to.contain(join(dir, f));
        expect((await readPng(join(dir, f))).width).to.be.greaterThan(300);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('worker against a real nats-server', () => {
    let server: NatsServer;
    let child: ChildProcess | undefined;
    before(async () => (server = await startNatsServer()));
    after(async () => {
      if (child?.exitCode === null) child.kill('SIGKILL');
      await server?.stop();
    });

    it('joins the cluster, says so, and stops cleanly on SIGTERM', async () => {
      child = spawn(process.execPath, [CLI, 'worker', '--servers', server.url, '--cluster', 'clitest', '--name', 'w0'], { cwd: REPO });
      let out = '';
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('joined')) resolve();
        });
        child!.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${err}`)));
      });
      expect(out).to.contain('worker w0 joined cluster clitest via nats://127.0.0.1:');
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(out).to.contain('worker w0 stopped');
      expect(err).to.equal('');
    });
  });
});

describe('actorlops worker options', () => {
  it('accepts host:port and several comma-separated URLs', () => {
    expect(parseServers('10.0.0.1:4222, tls://b:4443')).to.deep.equal(['nats://10.0.0.1:4222', 'tls://b:4443']);
  });

  it('maps --name to the actor id and keeps credentials out of the printed URL', () => {
    const o = workerOptions({ servers: 'nats://u:secret@h:4222', cluster: 'prod', name: 'w3', user: 'u', pass: 'p' });
    expect(o).to.deep.include({ cluster: 'prod', actor: 'w3', user: 'u', pass: 'p' });
    expect(redactUrl(o.servers[0])).to.equal('nats://h:4222');
  });

  it('passes --tls-ca/--tls-cert/--tls-key as TLS files and refuses a certificate without its key', () => {
    const pem = fileURLToPath(import.meta.url); // any existing file stands for a PEM here
    const o = workerOptions({ servers: 'tls://h:4443', cluster: 'c', tlsCa: pem, tlsCert: pem, tlsKey: pem });
    expect(o.tls).to.deep.equal({ caFile: pem, certFile: pem, keyFile: pem });
    expect(() => workerOptions({ servers: 'tls://h:4443', cluster: 'c', tlsCert: pem })).to.throw(CliError);
    expect(() => workerOptions({ servers: 'tls://h:4443', cluster: 'c', tlsCa: '/nonexistent/ca.pem' })).to.throw(CliError);
    expect(workerOptions({ servers: 'h:4222', cluster: 'c' }).tls).to.equal(undefined);
  });

  it('says worker support is not built when the runtime module is missing', async () => {
    const missing = new URL('file:///nonexistent/actors/worker.ts');
    let caught: unknown;
    await runWorkerCommand({ servers: 'nats://127.0.0.1:1', cluster: 'c1' }, () => {}, missing).catch((e) => (caught = e));
    expect(caught).to.be.instanceOf(NotBuiltError);
    expect((caught as Error).message).to.contain('worker support is not built yet');
    expect(existsSync(missing)).to.equal(false);
  });
});
