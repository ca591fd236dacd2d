import { expect } from 'chai';
import { blockWindow, extendBlock, haloPlan, sliceAxis, Diagonal } from '../../../index.ts';

describe('halo plan', () => {
  it('takes samples from further neighbours when blocks are thinner than the halo', () => {
    const plan = haloPlan([1, 1, 3], [2, 2]);
    expect(plan[2]).to.include({ start: 2, count: 3, left: 2, right: 0 });
    expect(plan[2].pieces.map((p) => [p.from, p.fromStart, p.length, p.toStart])).to.deep.equal([
      [0, 0, 1, 0],
      [1, 0, 1, 1],
    ]);
    expect(plan[0]).to.include({ left: 0, right: 2 });
  });

  it('needs no pieces when the halo is zero', () => {
    expect(haloPlan([3, 4], [0, 0]).every((b) => b.pieces.length === 0)).to.equal(true);
  });

  it('reassembles the whole axis when every block gathers its halo', () => {
    const sizes = [2, 1, 4, 3];
    const outer = 2;
    const inner = 3;
    const total = 10;
    const whole = Float64Array.from({ length: outer * total * inner }, (_, i) => i);
    const blocks = haloPlan(sizes, [0, 0]).map((b) => sliceAxis(whole, outer, total, inner, b.start, b.count));
    for (const b of haloPlan(sizes, [3, 2])) {
      const slabs = b.pieces.map((p) => sliceAxis(blocks[p.from], outer, sizes[p.from], inner, p.fromStart, p.length));
      const ext = extendBlock(blocks[b.block], outer, inner, b, slabs);
      expect(ext).to.deep.equal(sliceAxis(whole, outer, total, inner, b.start - b.left, b.left + b.count + b.right));
      expect(blockWindow(b, outer, inner, total)).to.include({ total, count: b.count });
    }
  });

  it('runs a halo-free kernel per block with the same numbers as the whole array', () => {
    const D = new Diagonal({ diag: [1, 2, 3, 4, 5], dims: [2, 5], axis: 1 });
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const whole = D.matvec(x);
    const out = new Float64Array(10);
    for (const b of haloPlan([2, 3], [0, 0])) {
      const y = new Float64Array(2 * b.count);
      D.axisKernel().forward(sliceAxis(x, 2, 5, 1, b.start, b.count), y, blockWindow(b, 2, 1, 5));
      for (let o = 0; o < 2; o++) out.set(y.subarray(o * b.count, (o + 1) * b.count), o * 5 + b.start);
    }
    expect(out).to.deep.equal(whole);
  });
});
