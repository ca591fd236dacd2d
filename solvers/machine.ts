/**
 * The state machine every solver run follows (one per solver file, built here from its SolverDef):
 *
 *   setup ──DONE──▶ check ──CONTINUE──▶ step.<phase 1> ──DONE──▶ … step.<phase n> ──DONE──▶ check
 *                     │ (niter reached or PyLops' rule met)
 *                     └──CONTINUE──▶ finalize ──DONE──▶ done          (any state) ──FAIL──▶ failed
 *
 * A working state (setup, a step phase, finalize) sets `command` = {phase, key} on entry; the driver
 * runs that phase against the vector space and replies DONE with the same key and a patch of scalars,
 * cost and handle changes (a reply with another key is ignored, so a late or replayed reply cannot
 * advance the machine twice). `check` is the iteration boundary: no command is in flight there, the
 * driver reports progress, calls the callback and checkpoints, then sends CONTINUE and the guard
 * decides between another step and finalize. Driving with send() costs ~10–16 µs per event.
 */
import { assign, setup } from 'xstate';
import type { Command, SolverContext, SolverDef, SolverEvent, SolverInput } from './types.ts';

/** The idempotency key prefix of a command: run id + iteration + phase. */
export function commandKey(runId: string, iteration: number, phase: string): string {
  return `${runId}/${iteration}/${phase}`;
}

/** Why the run must stop at this boundary, or null to take another step. */
export function stopReason(def: Pick<SolverDef, 'converged'>, ctx: Readonly<SolverContext>): string | null {
  return def.converged(ctx) ?? (ctx.iteration >= ctx.niter ? 'niter' : null);
}

/** Builds the machine of a solver definition. */
export function solverMachine(def: Pick<SolverDef, 'name' | 'phases' | 'converged'>) {
  const phases = def.phases;
  const issue = (phase: string) => ({ type: 'issue', params: { phase } }) as const;
  const stepStates: Record<string, object> = {};
  phases.forEach((phase, i) => {
    const last = i === phases.length - 1;
    stepStates[phase] = {
      entry: issue(phase),
      on: { DONE: { guard: 'isReply', actions: last ? ['merge', 'advance'] : ['merge'], target: last ? `#${def.name}.check` : phases[i + 1] } },
    };
  });

  return setup({
    types: { context: {} as SolverContext, events: {} as SolverEvent, input: {} as SolverInput, output: {} as SolverContext },
    guards: {
      isReply: ({ context, event }) => event.type === 'DONE' && event.key === context.command?.key,
      finished: ({ context }) => stopReason(def, context) !== null,
    },
    actions: {
      merge: assign(({ context, event }) => {
        if (event.type !== 'DONE') return {};
        const p = event.patch;
        const vectors = { ...context.vectors };
        for (const [name, role] of Object.entries(p.vectors ?? {})) {
          if (role === null) delete vectors[name];
          else vectors[name] = role;
        }
        return {
          scalars: p.scalars ? { ...context.scalars, ...p.scalars } : context.scalars,
          cost: p.cost === undefined ? context.cost : [...context.cost, p.cost],
          vectors,
          command: null,
        };
      }),
      issue: assign({
        command: ({ context }, params: { phase: string }): Command => ({ phase: params.phase, key: commandKey(context.runId, context.iteration, params.phase) }),
      }),
      advance: assign({ iteration: ({ context }) => context.iteration + 1 }),
      markStop: assign({ stop: ({ context }) => stopReason(def, context) }),
      clearCommand: assign({ command: null }),
      recordError: assign({ error: ({ event }) => (event.type === 'FAIL' ? event.error : null), command: null }),
    },
  }).createMachine({
    id: def.name,
    context: ({ input }) => ({
      runId: input.runId,
      solver: def.name,
      niter: input.niter,
      iteration: 0,
      params: { ...input.params },
      scalars: {},
      cost: [],
      vectors: { ...input.vectors },
      command: null,
      stop: null,
      error: null,
    }),
    initial: 'setup',
    output: ({ context }) => context,
    on: { FAIL: { target: '.failed', actions: 'recordError' } },
    states: {
      setup: { entry: issue('setup'), on: { DONE: { guard: 'isReply', actions: 'merge', target: 'check' } } },
      check: {
        entry: 'clearCommand',
        on: { CONTINUE: [{ guard: 'finished', target: 'finalize', actions: 'markStop' }, { target: 'step' }] },
      },
      step: { initial: phases[0], states: stepStates as never },
      finalize: { entry: issue('finalize'), on: { DONE: { guard: 'isReply', actions: 'merge', target: 'done' } } },
      done: { type: 'final' },
      failed: { type: 'final' },
    },
  });
}

export type SolverMachine = ReturnType<typeof solverMachine>;
