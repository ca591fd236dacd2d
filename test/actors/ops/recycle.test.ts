import { expect } from 'chai';
import { launchCluster } from '../../../actors/Cluster.ts';
import { outputStorage, stored } from '../../../actors/ops/recycle.ts';
import type { ActorContext } from '../../../actors/registry.ts';
import { NDArray } from '../../../operators/core/NDArray.ts';
import { Laplacian } from '../../../operators/index.ts';
import { sameBits } from './cases.ts';

/** An actor context holding the arrays of `live` (only `part` is used). */
const fakeActor = (live: Set<string>) =>
  ({
    part(id: string) {
      if (!live.has(id)) throw new Error(`no ${id}`);
      return { dtype: 'float64', blocks: new Map() };
    },
  }) as unknown as ActorContext;

describe('actors/ops: recycled output storage', () => {
  const N = 1 << 17;
  const steps: { name: string; live: string[]; storedFirst: boolean; reused: boolean }[] = [
    { name: 'reuses the storage of a stored output whose array was freed', live: [], storedFirst: true, reused: true },
    { name: 'never reuses the storage of an array the actor still holds', live: ['a'], storedFirst: true, reused: false },
    { name: 'never reuses storage whose command has not stored it yet', live: [], storedFirst: false, reused: false },
  ];
  for (const s of steps) {
    it(s.name, () => {
      const ctx = fakeActor(new Set(s.live));
      const first = outputStorage(ctx, 'a', 'float64', N);
      if (s.storedFirst) stored(ctx, first);
      expect(outputStorage(ctx, 'b', 'float64', N) === first).to.equal(s.reused);
    });
  }

  it('never hands storage of another precision or length', () => {
    const ctx = fakeActor(new Set());
    const first = outputStorage(ctx, 'a', 'float64', N);
    stored(ctx, first);
    expect(outputStorage(ctx, 'b', 'float32', N)).to.not.equal(first);
    expect(outputStorage(ctx, 'c', 'float64', N + 1)).to.not.equal(first);
  });

  it('keeps live results intact while freed ones are recycled by later applies', async () => {
    const c = await launchCluster({ partitions: 2 });
    try {
      const dims = [400, 400]; // blocks of 80000 numbers: recycled
      const op = new Laplacian({ dims });
      const [x1, x2] = [NDArray.random(dims, 1), NDArray.random(dims, 2)];
      const d1 = c.fromArray(x1, { chunks: [2, 1] });
      const d2 = c.fromArray(x2, { chunks: [2, 1] });
      const kept = op.matvec(d1);
      for (let i = 0; i < 3; i++) {
        const y = op.matvec(i % 2 ? d1 : d2);
        expect(sameBits((await y.toArray()).data, op.matvec(i % 2 ? x1 : x2).data)).to.equal(true);
        await y.free();
      }
      expect(sameBits((await kept.toArray()).data, op.matvec(x1).data)).to.equal(true);
    } finally {
      await c.close();
    }
  });
});
