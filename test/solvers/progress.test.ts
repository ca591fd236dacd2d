/** The `show` progress display (fake streams and a fake clock) and the per-iteration callback. */
import { expect } from 'chai';
import { Diagonal } from '../../operators/basic/Diagonal.ts';
import { cgls, Progress, type IterationInfo } from '../../solvers/index.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}
/** A clock advancing 10 ms per reading. */
function fakeClock() {
  let t = 0;
  return () => (t += 10);
}

const D = new Diagonal({ diag: Array.from({ length: 20 }, (_, i) => 1 + i) });
const y = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i));

describe('solver progress and callback', () => {
  it('rewrites one live line with \\r on a TTY and ends it with a newline', async () => {
    const { writes, stream } = fakeStream(true);
    await cgls(D, y, { niter: 5, tol: 0, show: { stream, now: fakeClock() } });
    expect(writes).to.have.length(6);
    for (const w of writes) expect(w.startsWith('\r')).to.equal(true);
    expect(writes.slice(0, 5).every((w) => !w.includes('\n'))).to.equal(true);
    expect(writes[4]).to.match(/cgls 5\/5 {2}r1norm \d\.\d{4}e[-+]\d+ {2}\d+\.\d it\/s/);
    expect(writes[5]).to.match(/\(stop: niter\)\x1b\[K\n$/);
  });

  it('prints plain lines every k iterations when the stream is not a TTY', async () => {
    const { writes, stream } = fakeStream(false);
    await cgls(D, y, { niter: 7, tol: 0, show: { stream, every: 3, now: fakeClock() } });
    expect(writes.map((w) => w.match(/cgls (\d)\/7/)?.[1])).to.deep.equal(['3', '6', '7']);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).to.equal(true);
  });

  it('reports iterations per second from the clock', () => {
    let t = 0;
    const p = new Progress('cg', 'r2norm', 100, { stream: { write: () => 0 }, now: () => t }, 0);
    t = 2000;
    expect(p.line(50, 1)).to.contain('25.0 it/s');
  });

  it('calls the callback once per iteration with the current model and cost', async () => {
    const calls: { iteration: number; x0: number; cost: number }[] = [];
    const res = await cgls(D, y, {
      niter: 4,
      tol: 0,
      callback: (x: Float64Array, info: IterationInfo) => calls.push({ iteration: info.iteration, x0: x[0], cost: info.cost }),
    });
    expect(calls.map((c) => c.iteration)).to.deep.equal([1, 2, 3, 4]);
    expect(calls.map((c) => c.cost)).to.deep.equal(res.cost.slice(1));
    expect(calls[3].x0).to.equal(res.x[0]);
  });
});
