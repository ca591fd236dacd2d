import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The README's TypeScript blocks, run as a user would (the package name mapped to this checkout). */
const root = resolve(import.meta.dirname, '../..');
const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

function runTs(code: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'readme-'));
  const file = join(dir, 'snippet.mts');
  writeFileSync(file, code.replaceAll("from 'actorlops'", `from '${join(root, 'index.ts')}'`));
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('README', function () {
  this.timeout(90_000);
  it('has TypeScript examples to check', () => {
    expect(blocks.length).to.be.at.least(2);
  });
  blocks.forEach((code, i) => {
    it(`runs TypeScript block ${i + 1} and prints what its comment says`, async () => {
      const r = await runTs(code);
      expect(r.code, r.stderr).to.equal(0);
      const promised = /console\.log\(.*\); \/\/ (.*)$/m.exec(code)?.[1];
      expect(promised, 'the block states its output in a comment').to.be.a('string');
      expect(r.stdout.trim().replace(/\s+/g, ' ')).to.equal(promised!.replace(/\s+/g, ' '));
    });
  });
});
