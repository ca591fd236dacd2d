import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { REPO } from './run.ts';

/** examples/multi-host.sh as written: 3 routed servers, a worker per "host", a driver against a local run. */
describe('examples/multi-host.sh', function () {
  this.timeout(120_000);
  it('runs as written and prints a distributed answer equal to the local run', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile('bash', ['examples/multi-host.sh'], { cwd: REPO, timeout: 110_000 }, (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(code, stderr).to.equal(0);
    expect(/max \|distributed - local\| = (\S+)/.exec(stdout)?.[1], stdout).to.equal('0');
    expect(Number(/\|\|x_distributed - x_local\|\| \/ \|\|x_local\|\| = (\S+)/.exec(stdout)?.[1])).to.be.below(1e-12);
    expect(stdout).to.match(/workers: \S+, \S+, \S+/);
  });
});
