/**
 * Model-based tests of the solver machines: @xstate/graph generates the paths of each machine (DONE
 * replies with the pending command's key, CONTINUE at the boundary, FAIL anywhere) and every state
 * of the machine must be reached; the transitions the driver relies on are checked one by one.
 */
import { getShortestPaths, getStateNodes } from '@xstate/graph';
import { expect } from 'chai';
import { createActor } from 'xstate';
import { cgMachine, cglsMachine, fistaMachine, istaMachine, lsqrMachine, powerIterationMachine } from '../../solvers/index.ts';
import type { SolverEvent } from '../../solvers/index.ts';
import type { SolverMachine } from '../../solvers/machine.ts';

const machines: [string, SolverMachine][] = [
  ['cg', cgMachine],
  ['cgls', cglsMachine],
  ['lsqr', lsqrMachine],
  ['ista', istaMachine],
  ['fista', fistaMachine],
  ['power_iteration', powerIterationMachine],
];
const input = { runId: 'run', niter: 2, params: { tol: 0, damp: 0 } };

/** The events the driver can send in a state. */
function events(snap: { context: { command: { key: string } | null }; value: unknown }): SolverEvent[] {
  const reply: SolverEvent[] = snap.context.command ? [{ type: 'DONE', key: snap.context.command.key, patch: {} }] : [];
  const boundary: SolverEvent[] = snap.value === 'check' ? [{ type: 'CONTINUE' }] : [];
  return [...reply, ...boundary, { type: 'FAIL', error: 'boom' }];
}

/** Dotted ids of every state node below the root ("step.apply", "check", ...). */
const stateIds = (m: SolverMachine) =>
  getStateNodes(m.root)
    .map((n) => n.path.join('.'))
    .filter((p) => p !== '');

/** Dotted ids of a snapshot's value and its ancestors. */
function visitedIds(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [prefix + k, ...visitedIds(v, `${prefix}${k}.`)]);
}

describe('solver machines (model-based)', () => {
  for (const [name, machine] of machines) {
    it(`${name}: generated paths visit every state`, () => {
      const paths = getShortestPaths(machine, { input, events: events as never });
      const visited = new Set(paths.flatMap((p) => p.steps.flatMap((s) => visitedIds(s.state.value))));
      for (const id of stateIds(machine)) expect(visited, `state ${id} of ${name}`).to.include(id);
    });

    it(`${name}: ends in done after niter steps when every phase replies`, () => {
      const actor = createActor(machine, { input }).start();
      let steps = 0;
      while (actor.getSnapshot().status === 'active' && steps++ < 100) {
        const [event] = events(actor.getSnapshot());
        actor.send(event);
      }
      const snap = actor.getSnapshot();
      expect(snap.value).to.equal('done');
      expect(snap.context.iteration).to.equal(2);
      expect(snap.context.stop).to.equal('niter');
    });
  }

  it('ignores a reply carrying another idempotency key', () => {
    const actor = createActor(cglsMachine, { input }).start();
    const key = actor.getSnapshot().context.command!.key;
    expect(key).to.equal('run/0/setup');
    actor.send({ type: 'DONE', key: 'run/0/stale', patch: {} });
    expect(actor.getSnapshot().value).to.equal('setup');
    actor.send({ type: 'DONE', key, patch: {} });
    expect(actor.getSnapshot().value).to.equal('check');
  });

  it('gives each command a key of run id, iteration and phase', () => {
    const actor = createActor(cglsMachine, { input }).start();
    const keys: string[] = [];
    while (actor.getSnapshot().status === 'active') {
      const snap = actor.getSnapshot();
      if (snap.context.command) keys.push(snap.context.command.key);
      actor.send(events(snap)[0]);
    }
    expect(keys).to.deep.equal(['run/0/setup', 'run/0/reduce', 'run/0/update', 'run/0/apply', 'run/1/reduce', 'run/1/update', 'run/1/apply', 'run/2/finalize']);
  });

  it('merges scalars, cost and handle changes from a reply', () => {
    const actor = createActor(cgMachine, { input: { ...input, vectors: { y: 'data' as const } } }).start();
    const key = actor.getSnapshot().context.command!.key;
    actor.send({ type: 'DONE', key, patch: { scalars: { kold: 4 }, cost: 2, vectors: { x: 'model', r: 'data', y: null } } });
    const ctx = actor.getSnapshot().context;
    expect(ctx.scalars).to.deep.equal({ kold: 4 });
    expect(ctx.cost).to.deep.equal([2]);
    expect(ctx.vectors).to.deep.equal({ x: 'model', r: 'data' });
  });

  it('stops at the boundary when the PyLops rule is met (cg: kold <= tol)', () => {
    const actor = createActor(cgMachine, { input: { ...input, niter: 10, params: { tol: 1e-3 } } }).start();
    actor.send({ type: 'DONE', key: actor.getSnapshot().context.command!.key, patch: { scalars: { kold: 1e-4 } } });
    actor.send({ type: 'CONTINUE' });
    expect(actor.getSnapshot().value).to.equal('finalize');
    expect(actor.getSnapshot().context.stop).to.equal('tol');
  });

  it('records the error of FAIL and ends in failed', () => {
    const actor = createActor(lsqrMachine, { input }).start();
    actor.send({ type: 'FAIL', error: 'operator exploded' });
    expect(actor.getSnapshot().value).to.equal('failed');
    expect(actor.getSnapshot().context.error).to.equal('operator exploded');
  });
});
