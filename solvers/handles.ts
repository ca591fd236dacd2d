import { ActorlopsError } from '../operators/core/errors.ts';
import type { Role } from './types.ts';
import type { VectorSpace } from './vectors.ts';

/** A phase asked for a vector handle that the run does not hold. */
export class MissingVectorError extends ActorlopsError {
  constructor(readonly vector: string) {
    super(`solver state has no vector \`${vector}\``);
  }
}

/**
 * The driver-side table of a run's vector handles, by name. Phases create, replace and free handles
 * through it; it records the changes so the machine context (`vectors`: name -> role) always names
 * exactly the live handles, which is what a checkpoint saves. Borrowed handles (the caller's `y`) are
 * never freed.
 */
export class Handles<V> {
  private readonly table = new Map<string, { v: V; role: Role }>();
  private readonly borrowed = new Set<V>();
  private changes: Record<string, Role | null> = {};
  private frees: Promise<void>[] = [];

  constructor(readonly space: VectorSpace<V>) {}

  get(name: string): V {
    const e = this.table.get(name);
    if (!e) throw new MissingVectorError(name);
    return e.v;
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  /** Stores `v` under `name` (freeing the handle it replaces) and returns it. */
  set(name: string, v: V, role: Role): V {
    const old = this.table.get(name);
    this.table.set(name, { v, role });
    if (old && old.v !== v && !this.shared(old.v)) this.release(old.v);
    this.changes[name] = role;
    return v;
  }

  /** Stores a handle the run must not free (the caller's data). */
  borrow(name: string, v: V, role: Role): V {
    this.borrowed.add(v);
    return this.set(name, v, role);
  }

  /** Frees and forgets `name` (no-op when absent). */
  drop(...names: string[]): void {
    for (const name of names) {
      const e = this.table.get(name);
      if (!e) continue;
      this.table.delete(name);
      this.changes[name] = null;
      if (!this.shared(e.v)) this.release(e.v);
    }
  }

  /** name -> role of every live handle. */
  roles(): Record<string, Role> {
    return Object.fromEntries([...this.table].map(([k, e]) => [k, e.role]));
  }

  /** Changes since the last call (name -> role, or null when freed). */
  takeChanges(): Record<string, Role | null> {
    const c = this.changes;
    this.changes = {};
    return c;
  }

  /** Awaits pending frees. */
  async settle(): Promise<void> {
    const f = this.frees;
    this.frees = [];
    await Promise.all(f);
  }

  /** Frees every handle except those named in `keep`. */
  async dispose(keep: readonly string[] = []): Promise<void> {
    for (const name of [...this.table.keys()]) if (!keep.includes(name)) this.drop(name);
    await this.settle();
  }

  /** Whether a handle is still stored under some name. */
  private shared(v: V): boolean {
    for (const e of this.table.values()) if (e.v === v) return true;
    return false;
  }

  private release(v: V): void {
    if (this.borrowed.has(v)) return;
    const freed = this.space.free(v);
    freed.catch(() => {}); // reported by settle(); never an unhandled rejection before it
    this.frees.push(freed);
  }
}
