/**
 * Checkpoint and resume: a run checkpointed every 3 iterations and aborted after 7 resumes from its
 * directory to the uninterrupted answer; damaged checkpoints are rejected with CheckpointError; every
 * command reaching the vector space carries an idempotency key, and a resumed run keeps its run id.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSpec } from '../../operators/core/spec.ts';
import type { FloatArray } from '../../operators/core/dtype.ts';
import type { LinearOperator } from '../../operators/core/LinearOperator.ts';
import { CheckpointError, cgls, fista, LocalVectors, lsqr, readCheckpoint, resume, type SolverResult, type VectorSpace } from '../../solvers/index.ts';
import { referenceVectors } from '../helpers/reference.ts';
import { DenseMatrix, loadOperators, operatorFor, relerr } from './dense.ts';

await loadOperators();
const ref = referenceVectors().solvers;
const pick = (id: string) => ref.find((c) => c.id === id)!;

type Solve = (op: LinearOperator, y: Float64Array, o: Record<string, unknown>) => Promise<SolverResult<FloatArray>>;
const table: { name: string; id: string; solve: Solve }[] = [
  { name: 'cgls', id: 'cgls/overdetermined-50x30-x0', solve: cgls as Solve },
  { name: 'lsqr', id: 'lsqr/overdetermined-damp0.1-50x30', solve: lsqr as Solve },
  { name: 'fista', id: 'fista/soft-x0-20x40', solve: fista as Solve },
];

let dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'actorlops-ckpt-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** Runs 10 iterations with a checkpoint every 3 and aborts after iteration 7. */
async function crashAfter7(t: (typeof table)[number], dir: string) {
  const c = pick(t.id);
  const { op } = operatorFor(c.operator);
  const ac = new AbortController();
  const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 7 && ac.abort(new Error('crash'));
  const run = t.solve(op, Float64Array.from(c.y), { ...c.args, x0: c.x0 && Float64Array.from(c.x0), niter: 10, checkpoint: { dir, every: 3 }, signal: ac.signal, callback });
  return { c, op, run };
}

describe('solver checkpoints and resume', () => {
  for (const t of table) {
    it(`${t.name}: resumes a run aborted after 7 of 10 iterations to the uninterrupted answer (1e-12)`, async () => {
      const dir = await tempDir();
      const { c, op, run } = await crashAfter7(t, dir);
      await run.then(
        () => expect.fail('the run should have been aborted'),
        (e: Error) => expect(e.message).to.equal('crash'),
      );
      expect((await readCheckpoint(dir)).iteration).to.equal(6);
      const resumed = await resume(dir, { op });
      const full = await t.solve(op, Float64Array.from(c.y), { ...c.args, x0: c.x0 && Float64Array.from(c.x0), niter: 10 });
      expect(resumed.iterations).to.equal(10);
      expect(resumed.x).to.be.instanceOf(Float64Array);
      expect(relerr(resumed.x as FloatArray, full.x)).to.be.at.most(1e-12);
      expect(relerr(resumed.cost, full.cost)).to.be.at.most(1e-12);
    });
  }

  it('rebuilds the operator from its spec when resume gets no op', async () => {
    const dir = await tempDir();
    const { c, run } = await crashAfter7(table[0], dir);
    await run.catch(() => undefined);
    const resumed = await resume(dir);
    const full = await cgls(fromSpec(c.operator), Float64Array.from(c.y), { ...c.args, x0: Float64Array.from(c.x0!), niter: 10 });
    expect(relerr(resumed.x as FloatArray, full.x)).to.be.at.most(1e-12);
  });

  it('stores the snapshot as msgpack, not JSON, and names the file in a manifest', async () => {
    const dir = await tempDir();
    const { run } = await crashAfter7(table[0], dir);
    await run.catch(() => undefined);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.file).to.equal('checkpoint-00000006.msgpack');
    const bytes = await readFile(join(dir, manifest.file));
    expect(() => JSON.parse(bytes.toString('utf8'))).to.throw();
    const data = await readCheckpoint(dir);
    expect(data.vectors.x.data).to.be.instanceOf(Float64Array);
    expect(Object.keys(data.vectors).sort()).to.deep.equal(Object.keys(data.snapshot.context.vectors).sort());
    expect(await readdir(dir)).to.have.members(['manifest.json', 'checkpoint-00000006.msgpack']);
  });

  const damages: [string, (dir: string, file: string) => Promise<void>][] = [
    ['a flipped byte', async (dir, file) => {
      const b = await readFile(join(dir, file));
      b[b.length >> 1] ^= 0xff;
      await writeFile(join(dir, file), b);
    }],
    ['a truncated file', async (dir, file) => {
      const b = await readFile(join(dir, file));
      await writeFile(join(dir, file), b.subarray(0, b.length - 100));
    }],
    ['a missing checkpoint file', (dir, file) => rm(join(dir, file))],
    ['a missing manifest', (dir) => rm(join(dir, 'manifest.json'))],
    ['a manifest cut mid-write', async (dir) => writeFile(join(dir, 'manifest.json'), '{"format": "actorlops-solv')],
  ];
  for (const [what, damage] of damages) {
    it(`rejects a checkpoint with ${what} with a CheckpointError`, async () => {
      const dir = await tempDir();
      const { run } = await crashAfter7(table[0], dir);
      await run.catch(() => undefined);
      const { file } = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
      await damage(dir, file);
      const err = await resume(dir).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(CheckpointError);
      expect((err as CheckpointError).dir).to.equal(dir);
    });
  }

  it('ignores a temp file left by a crash mid-write and loads the last complete checkpoint', async () => {
    const dir = await tempDir();
    const { run } = await crashAfter7(table[0], dir);
    await run.catch(() => undefined);
    await writeFile(join(dir, '.checkpoint-00000009.msgpack.partial.tmp'), Buffer.from([0x85, 0xa6, 0x66]));
    expect((await readCheckpoint(dir)).iteration).to.equal(6);
  });

  it('sends every command with an idempotency key, and a resumed run keeps its run id', async () => {
    const dir = await tempDir();
    const c = pick('cgls/overdetermined-50x30-x0');
    const { op } = operatorFor(c.operator);
    const keys: string[] = [];
    const recording = (space: LocalVectors) => keyRecorder(space, keys);
    const y = Float64Array.from(c.y);
    const ac = new AbortController();
    const callback = (_x: unknown, i: { iteration: number }) => i.iteration === 4 && ac.abort(new Error('crash'));
    const opts = { ...c.args, x0: Float64Array.from(c.x0!), niter: 6, runId: 'run-A', checkpoint: { dir, every: 2 }, signal: ac.signal, callback };
    await cgls(op, y, { ...opts, space: recording(LocalVectors.forOperator(op, y)) } as never).catch(() => undefined);
    const before = keys.length;
    await resume(dir, { op, space: recording(LocalVectors.forOperator(op, y)) });
    expect(keys.every((k) => /^run-A\/\d+\/[a-z]+#\d+$/.test(k))).to.equal(true, keys.find((k) => !/^run-A\//.test(k)));
    expect(new Set(keys.slice(0, before)).size).to.equal(before);
    expect(keys.slice(before).some((k) => k.startsWith('run-A/4/resume#'))).to.equal(true);
    expect(keys.slice(before).some((k) => k.startsWith('run-A/5/reduce#'))).to.equal(true);
  });

  it('needs `op` to resume a run whose operator has no spec', async () => {
    const dir = await tempDir();
    const A = new DenseMatrix(2, 2, Float64Array.from([2, 0, 0, 1]));
    await cgls(A, Float64Array.from([1, 1]), { niter: 2, tol: 0, checkpoint: { dir, every: 1 } });
    const err = await resume(dir).then(() => null, (e: unknown) => e);
    expect((err as { parameter?: string }).parameter).to.equal('op');
  });
});

/** A space that records the idempotency key of every keyed command before running it locally. */
function keyRecorder(space: LocalVectors, keys: string[]): VectorSpace<FloatArray> {
  return new Proxy(space, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const key = args.find((a) => typeof a === 'string' && a.includes('#'));
        if (key) keys.push(key as string);
        return v.apply(target, args);
      };
    },
  });
}
