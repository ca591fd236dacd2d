/**
 * The supervisor of a NATS cluster: watches its membership and keeps the placement map (ClusterCore's
 * slot → actor) on live workers.
 *
 * - A worker is lost when its process exits (local clusters, at once), when a request finds no
 *   responder, or after `lostAfterMs` (2 s by default) without a heartbeat. Its slots then move at once
 *   to the live workers (replan.ts) and the placement version (the cluster's epoch) is bumped; the
 *   record of it is a {@link Recovery}. Arrays made before keep their ids, so their moved blocks are
 *   unknown to the new owners: a supervised solve (supervisedSolve.ts) restores them from its checkpoint.
 * - The dead incarnation stays buried: membership ignores its late heartbeats and the driver refuses
 *   replies carrying its epoch. A new incarnation under the same name (a restarted worker) is admitted
 *   with its new epoch (`Driver.rejoin`); with `restart: true` the supervisor restarts lost workers of
 *   a local cluster itself.
 * - With no live worker left, the slots wait for the next worker that joins.
 * - `rebalance()` gives slots back to their home workers once alive; call it between solves (arrays
 *   made before it would lose the blocks it moves).
 *
 * @example
 * const sup = new Supervisor(cluster, { restart: true });
 * const r = await supervisedSolve(sup, { op, y, chunks, checkpoint: { dir, every: 5 }, run: (y, o) => cgls(op, y, { niter: 40, ...o }) });
 * r.recoveries; // [{ actor: 'w1', epoch: 1234, slots: [{ slot: 1, to: 'w0' }], placementVersion: 1, ... }]
 */
import { ActorlopsError, InvalidParameterError } from '../../operators/core/errors.ts';
import type { Heartbeat } from '../../runtime/cluster/membership.ts';
import type { Cluster } from '../Cluster.ts';
import { type ChunkGrid, placeBlock } from '../chunks.ts';
import { homecoming, replan } from './replan.ts';

/** One re-placement of a lost worker's slots. */
export interface Recovery {
  /** The lost worker, and the epoch of its dead incarnation. */
  actor: string;
  epoch: number | undefined;
  /** Slots moved and their new actor (empty while no worker is alive: see `waiting`). */
  slots: { slot: number; to: string }[];
  /** Slots still without a live actor. */
  waiting: number[];
  /** The placement version after the move (the cluster's epoch; arrays before it are stale). */
  placementVersion: number;
  /** When the loss was noticed and when the slots were placed (ms since the epoch). */
  lostAt: number;
  placedAt: number;
}

/** Fewer workers than needed were alive when the wait ended. */
export class WorkersUnavailableError extends ActorlopsError {
  constructor(
    readonly wanted: number,
    readonly alive: string[],
    readonly timeoutMs: number,
  ) {
    super(`${alive.length} of ${wanted} workers alive after ${timeoutMs} ms (${alive.join(', ') || 'none'})`);
  }
}

export interface SupervisorOptions {
  /** Restart a lost worker's process (local clusters only). @defaultValue false */
  restart?: boolean;
}

/** The blocks of `grid` a recovery re-placed, with their new actor (`nslots`: the cluster's slot count). */
export function recoveredBlocks(grid: ChunkGrid, nslots: number, r: Recovery): { block: number; to: string }[] {
  const to = new Map(r.slots.map((s) => [s.slot, s.to]));
  const out: { block: number; to: string }[] = [];
  for (let b = 0; b < grid.nblocks; b++) {
    const k = placeBlock(b, grid.nblocks, nslots);
    if (to.has(k)) out.push({ block: b, to: to.get(k)! });
  }
  return out;
}

export class Supervisor {
  readonly recoveries: Recovery[] = [];
  /** Worker processes restarted by this supervisor. */
  restarts = 0;
  private readonly alive = new Set<string>();
  private readonly listeners = new Set<(r: Recovery) => void>();
  private readonly joinListeners = new Set<(m: Heartbeat) => void>();
  private readonly offs: (() => void)[];
  private pendingLost: Recovery[] = [];

  constructor(
    readonly cluster: Cluster,
    private readonly opts: SupervisorOptions = {},
  ) {
    const ctl = cluster.control;
    if (!ctl) throw new InvalidParameterError('Supervisor', 'cluster', cluster.mode, 'a NATS cluster (launchCluster with transport nats, or connectCluster)');
    for (const m of ctl.membership.alive()) if (!cluster.driver.lostError(m.actor)) this.alive.add(m.actor);
    this.offs = [ctl.membership.onLost((a) => this.onLost(a)), ctl.membership.onJoin((m) => this.onJoin(m))];
  }

  /** Live workers, sorted. */
  get workers(): string[] {
    return [...this.alive].sort();
  }

  /** Calls `fn` after every re-placement. */
  onRecovery(fn: (r: Recovery) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves with the next re-placement that left no slot waiting. */
  nextRecovery(): Promise<Recovery> {
    return new Promise((resolve) => {
      const off = this.onRecovery((r) => {
        if (r.waiting.length) return;
        off();
        resolve(r);
      });
    });
  }

  /**
   * Declares `actor` lost now (a caller saw WorkerLostError before membership did, e.g. no responders)
   * and resolves once its slots are placed (at once when it held none or was already handled).
   */
  async lost(actor: string): Promise<void> {
    const stale = this.alive.has(actor) && this.cluster.driver.lostError(actor) !== undefined; // not a rejoined incarnation
    if (stale) this.cluster.control!.membership.markLost(actor); // → onLost, synchronously
    if (this.slotsWaiting()) await this.nextRecovery();
  }

  /** Resolves once `n` workers are alive; rejects with WorkersUnavailableError after `timeoutMs`. */
  async waitForWorkers(n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.alive.size < n) {
      let join!: (m: Heartbeat) => void;
      let timer: NodeJS.Timeout | undefined;
      const joined = new Promise<boolean>((resolve) => {
        join = () => resolve(true);
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      });
      this.joinListeners.add(join);
      const ok = await joined;
      clearTimeout(timer);
      this.joinListeners.delete(join);
      if (!ok) throw new WorkersUnavailableError(n, this.workers, timeoutMs);
    }
  }

  /** Gives slots back to their home workers that are alive (between solves); returns the placement version. */
  rebalance(): number {
    return this.cluster.moveSlots(homecoming(this.cluster.slotOwners, this.cluster.actors, this.workers));
  }

  close(): void {
    for (const off of this.offs) off();
    this.listeners.clear();
  }

  private slotsWaiting(): boolean {
    return this.cluster.slotOwners.some((a) => !this.alive.has(a));
  }

  private onLost(actor: string): void {
    const lostAt = Date.now();
    this.alive.delete(actor);
    this.cluster.driver.lose(actor, 'missed-heartbeats'); // no-op when the driver knew first
    const epoch = this.cluster.driver.epochs.get(actor);
    this.place({ actor, epoch, slots: [], waiting: [], placementVersion: 0, lostAt, placedAt: 0 });
    if (this.opts.restart && this.cluster.control?.restart) {
      try {
        this.cluster.control.restart(actor);
        this.restarts++;
      } catch {
        // not one of this cluster's processes (multi-host): it has to be restarted where it ran
      }
    }
  }

  /**
   * A worker joined: a new one, a restarted one after its loss, or one restarted before it was found
   * lost (a new epoch under a live name): the old incarnation's blocks are gone, so that is a loss too.
   */
  private onJoin(m: Heartbeat): void {
    const driver = this.cluster.driver;
    const known = driver.epochs.get(m.actor);
    const silent = this.alive.has(m.actor) && known !== undefined && known !== m.epoch && !driver.lostError(m.actor);
    if (silent) driver.lose(m.actor, 'stopped');
    if (driver.lostError(m.actor) || known !== m.epoch) driver.rejoin(m.actor, m.epoch);
    this.alive.add(m.actor);
    for (const fn of [...this.joinListeners]) (this.joinListeners.delete(fn), fn(m));
    const waiting = this.pendingLost;
    this.pendingLost = [];
    if (silent) waiting.push({ actor: m.actor, epoch: known, slots: [], waiting: [], placementVersion: 0, lostAt: Date.now(), placedAt: 0 });
    for (const r of waiting) this.place({ ...r, slots: [], waiting: [] });
  }

  /**
   * Moves every slot off dead actors and publishes the record (kept pending while slots wait). The
   * placement version is bumped once the slots are placed, even when they stay under the lost name
   * (its restarted worker): the dead incarnation's blocks are gone either way.
   */
  private place(r: Recovery): void {
    const before = this.cluster.slotOwners;
    const moves = replan(before, this.workers);
    const after = before.map((a, k) => moves.get(k) ?? a);
    r.waiting = after.flatMap((a, k) => (this.alive.has(a) ? [] : [k]));
    r.slots = after.flatMap((to, k) => (before[k] === r.actor || moves.has(k) ? [{ slot: k, to }] : []));
    r.placementVersion = this.cluster.moveSlots(moves, r.waiting.length === 0);
    r.placedAt = Date.now();
    if (r.waiting.length) this.pendingLost.push(r);
    else this.recoveries.push(r);
    for (const fn of [...this.listeners]) fn(r);
  }

}
