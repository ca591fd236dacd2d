/**
 * Placement policy of the supervisor (pure): where the slots of the placement map go when a worker is
 * lost or comes back. A slot is the run of blocks `placeBlock(b, nblocks, nslots) = k` of every grid
 * (actors/chunks.ts); moving a slot moves those blocks of every array made afterwards.
 *
 * - `replan`: every slot held by an actor that is not alive goes to a spare (an alive actor holding no
 *   slot) first, else to the alive actor holding the fewest slots (ties: the one whose slots are
 *   nearest, then by name), counting the slots it has just received. No alive actor: no move.
 * - `homecoming`: every slot whose home actor (`home[k]`) is alive again goes back to it.
 */

/** New owners (slot → actor) for the slots whose owner is not in `alive`. */
export function replan(slots: readonly string[], alive: readonly string[]): Map<number, string> {
  const moves = new Map<number, string>();
  if (alive.length === 0) return moves;
  const held = new Map<string, number[]>(alive.map((a) => [a, []]));
  slots.forEach((a, k) => held.get(a)?.push(k));
  for (let k = 0; k < slots.length; k++) {
    if (held.has(slots[k])) continue;
    const to = pick(held, k);
    held.get(to)!.push(k);
    moves.set(k, to);
  }
  return moves;
}

/** Moves (slot → home actor) for every slot away from its home while its home actor is alive. */
export function homecoming(slots: readonly string[], home: readonly string[], alive: readonly string[]): Map<number, string> {
  const up = new Set(alive);
  const moves = new Map<number, string>();
  slots.forEach((a, k) => {
    if (a !== home[k] && up.has(home[k])) moves.set(k, home[k]);
  });
  return moves;
}

/** The alive actor that takes slot `k`: fewest slots held, then nearest slot, then name. */
function pick(held: Map<string, number[]>, k: number): string {
  const score = (a: string): [number, number] => {
    const ks = held.get(a)!;
    return [ks.length, ks.length ? Math.min(...ks.map((j) => Math.abs(j - k))) : 0];
  };
  return [...held.keys()].sort((a, b) => {
    const [sa, sb] = [score(a), score(b)];
    return sa[0] - sb[0] || sa[1] - sb[1] || (a < b ? -1 : a > b ? 1 : 0);
  })[0];
}
