import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runInversion, truth } from '../../examples/inversion.ts';
import { runScript } from './run.ts';

/** The number printed after `label` on stdout. */
function printed(stdout: string, label: string): number {
  const m = new RegExp(`${label.replace(/[|()/]/g, '\\$&')}\\s*[=:]?\\s*\\[?([-+0-9.e]+)`).exec(stdout);
  if (!m) throw new Error(`no "${label}" in output:\n${stdout}`);
  return Number(m[1]);
}

describe('examples/diagonal.ts and examples/inversion.ts', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ex-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a distributed Diagonal bit for bit like the local one, passes its dot test and inverts it with div to within 1e-10', async () => {
    const r = await runScript('examples/diagonal.ts', ['--n', '7', '--out', dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('y = D x      = [1, 2, 3, 4, 5, 6, 7]');
    expect(r.stdout).to.contain('xadj = D^H y = [1, 4, 9, 16, 25, 36, 49]');
    expect(printed(r.stdout, 'largest difference from the local operator:')).to.equal(0);
    expect(printed(r.stdout, 'dot test through the actors, relative error')).to.be.below(1e-12);
    expect(printed(r.stdout, 'relative error ||xinv - x|| / ||x||')).to.be.below(1e-10);
    expect(existsSync(join(dir, 'diagonal.png'))).to.equal(true);
  });

  it('deblurs a small signal with cgls to a relative error below 1e-8, showing progress', async () => {
    const r = await runScript('examples/inversion.ts', ['--n', '24', '--niter', '40', '--out', dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/cgls\s+40\/40/);
    expect(printed(r.stdout, 'relative error ||x_est - x_true|| / ||x_true||')).to.be.below(1e-8);
    expect(existsSync(join(dir, 'inversion.png'))).to.equal(true);
  });

  it('returns an estimate far from the truth after too few iterations (the check above can fail)', async () => {
    const res = await runInversion({ out: dir, n: 48, niter: 3, show: false, log: () => {} });
    expect(res.error).to.be.above(1e-3);
    expect(res.estimate.length).to.equal(truth(48).length);
    expect(res.cost.length).to.equal(4);
  });

  const badArgs: { script: string; args: string[]; what: RegExp }[] = [
    { script: 'examples/inversion.ts', args: ['--n', 'ten'], what: /--n must be a positive integer/ },
    { script: 'examples/diagonal.ts', args: ['--size', '3'], what: /Unknown option '--size'/ },
  ];
  for (const b of badArgs) {
    it(`rejects \`${b.args.join(' ')}\` with exit code 2 and one line on stderr`, async () => {
      const r = await runScript(b.script, [...b.args, '--out', dir]);
      expect(r.code).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(b.what);
      expect(r.stderr).not.to.match(/\n\s+at /);
    });
  }
});
