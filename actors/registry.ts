/**
 * The command registry of partition actors: name → handler. Operator protocols and halo exchange add
 * their commands with `registerCommand` without touching the actor core.
 *
 * @example
 * registerCommand('noop', { arrays: () => [], run: () => ({}) });
 */
import type { DType, FloatArray } from '../operators/core/dtype.ts';
import type { Transport } from '../runtime/transport/types.ts';
import type { Logger } from './logger.ts';

/** One block of an array held by an actor: its shape and C-order data. */
export interface Block {
  shape: number[];
  data: FloatArray;
}

/** An array's part held by one actor. */
export interface ArrayPart {
  dtype: DType;
  blocks: Map<number, Block>;
}

/** What a command handler may use of its actor. */
export interface ActorContext {
  readonly cluster: string;
  readonly actor: string;
  readonly epoch: number;
  readonly transport: Transport;
  readonly log: Logger;
  /** The array's part; UnknownArrayError when missing. */
  part(array: string): ArrayPart;
  /** One block; UnknownArrayError when missing. */
  block(array: string, block: number): Block;
  /** Stores a block (creating the array's part with `dtype` when new). */
  setBlock(array: string, dtype: DType, block: number, value: Block): void;
  /** Drops an array's part; true when it existed. */
  free(array: string): boolean;
  /** Waits for bulk transfer `id` on this actor's data subject. */
  takeTransfer(id: string, timeout: number): Promise<FloatArray>;
  /** Lets other tasks run (call between large kernel runs). */
  yield(): Promise<void>;
}

export interface CommandDef<A = any> {
  /** The arrays this command reads or writes; the actor keeps its mailbox order per array. */
  arrays(args: A): readonly string[];
  /** Runs the command; the (small, msgpack-able) result goes back in the reply. */
  run(ctx: ActorContext, args: A): unknown | Promise<unknown>;
}

const registry = new Map<string, CommandDef>();

/** Adds (or replaces) a command every partition actor understands. */
export function registerCommand<A>(name: string, def: CommandDef<A>): void {
  registry.set(name, def);
}

/** The handler of a command, or undefined. */
export function lookupCommand(name: string): CommandDef | undefined {
  return registry.get(name);
}

/** Names of the registered commands. */
export function commandNames(): string[] {
  return [...registry.keys()];
}
