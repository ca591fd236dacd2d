import { expect } from 'chai';
import { CommandSequencer } from '../../actors/sequencer.ts';

/** Feeds arrival order `arrivals` to a sequencer; returns the order in which commands ran. */
function run(arrivals: number[], gapMs = 60_000): { ran: number[]; stale: number[]; seq: CommandSequencer } {
  const seq = new CommandSequencer(gapMs);
  const ran: number[] = [];
  const stale: number[] = [];
  const offer = (s: number): void => {
    const turn = seq.admit('drv|1', s, () => offer(s));
    if (turn === 'held') return;
    if (turn === 'stale') stale.push(s);
    else {
      ran.push(s);
      seq.release('drv|1');
    }
  };
  for (const s of arrivals) offer(s);
  return { ran, stale, seq };
}

describe('actors/sequencer: commands run in their sender\'s order whatever the arrival order', () => {
  const cases: { name: string; arrivals: number[]; ran: number[]; stale: number[] }[] = [
    { name: 'in order', arrivals: [1, 2, 3], ran: [1, 2, 3], stale: [] },
    { name: 'reversed', arrivals: [3, 2, 1], ran: [1, 2, 3], stale: [] },
    { name: 'a late first one', arrivals: [2, 3, 4, 1], ran: [1, 2, 3, 4], stale: [] },
    { name: 'a duplicate after its turn (no cache here: stale)', arrivals: [1, 2, 1], ran: [1, 2], stale: [1] },
    { name: 'a duplicate of a held one', arrivals: [2, 2, 1], ran: [1, 2], stale: [2] },
  ];
  for (const k of cases) {
    it(`runs ${k.name} as ${JSON.stringify(k.ran)}`, () => {
      const r = run(k.arrivals);
      expect(r.ran).to.deep.equal(k.ran);
      expect(r.stale).to.deep.equal(k.stale);
      expect(r.seq.heldCount).to.equal(0);
      r.seq.close();
    });
  }

  it('gives up a gap that never fills, runs the held ones in order, and refuses the missing one later', async () => {
    const r = run([3, 2], 5);
    expect(r.ran).to.deep.equal([]);
    expect(r.seq.heldCount).to.equal(2);
    while (r.seq.heldCount > 0) await new Promise((res) => setTimeout(res, 5));
    expect(r.ran).to.deep.equal([2, 3]);
    const turn = r.seq.admit('drv|1', 1, () => {});
    expect(turn).to.equal('stale');
    r.seq.close();
  });
});
