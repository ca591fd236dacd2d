/**
 * A solver run's checkpoints in a JetStream bucket (runtime/checkpoint/JetStreamStore.ts: chunked
 * blobs, SHA-256 checked on read). Checkpoint `k` of run `R` is the blob `R/iter-k`, holding
 * `encodeCheckpoint(data)`; after each write only the newest `keep` of run `R` stay (other runs in the
 * bucket are left alone). A blob is visible only once all its chunks are stored, so a driver killed
 * mid-write leaves the previous checkpoint as the newest.
 *
 * `load` tries the run's checkpoints newest first: one that fails its checksum or does not decode is
 * reported through `warn` and the previous one is tried; none valid is a CheckpointError, no
 * checkpoint at all a CheckpointRunNotFoundError.
 */
import { JetStreamStore } from '../runtime/checkpoint/JetStreamStore.ts';
import { CheckpointCorruptError, CheckpointNotFoundError, JetStreamApiError } from '../runtime/checkpoint/types.ts';
import { NatsTransport } from '../runtime/transport/NatsTransport.ts';
import type { Transport } from '../runtime/transport/types.ts';
import { type CheckpointData, CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint.ts';
import { type CheckpointWarn, CheckpointRunNotFoundError, type SolverCheckpointStore } from './checkpointStore.ts';
import type { JetStreamCheckpointOptions } from './types.ts';

/** Checkpoints of a run kept by default. */
export const DEFAULT_KEEP = 2;

/** How long `connect` waits for a JetStream cluster to elect its meta leader, ms. */
export const JETSTREAM_READY_MS = 15_000;

/** JetStream's "system temporarily unavailable" (no meta leader yet). */
const UNAVAILABLE = 10008;

/**
 * Opens the bucket, retrying while a clustered JetStream has no meta leader yet (the API times out or
 * answers 10008); a server without JetStream (no responders) or any other refusal fails at once.
 */
async function openWhenReady(t: Transport, bucket: string, deadline: number): Promise<JetStreamStore> {
  for (;;) {
    try {
      await JetStreamStore.open(t, { bucket, timeout: 2000 }); // a short probe while the cluster may be electing
      return await JetStreamStore.open(t, { bucket });
    } catch (e) {
      const transient = e instanceof JetStreamApiError && (e.code === UNAVAILABLE || (e.code === undefined && !/no responders/.test(e.description)));
      if (!transient || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** `R/iter-k` -> k, or undefined for a blob of another run. */
function iterationOf(name: string, run: string): number | undefined {
  const m = name.startsWith(`${run}/`) ? /^iter-(\d+)$/.exec(name.slice(run.length + 1)) : null;
  return m ? Number(m[1]) : undefined;
}

export class JetStreamCheckpoints implements SolverCheckpointStore {
  readonly location: string;

  private constructor(
    private readonly store: JetStreamStore,
    private readonly transport: Transport,
    readonly run: string,
    readonly keep: number,
    private readonly warn: CheckpointWarn,
  ) {
    this.location = `JetStream bucket ${store.bucket}, run ${run}`;
  }

  /** Connects to the servers and opens (creating if needed) the bucket. */
  static async connect(o: JetStreamCheckpointOptions, run: string, warn: CheckpointWarn = (m) => process.emitWarning(m, 'CheckpointWarning')): Promise<JetStreamCheckpoints> {
    const keep = o.keep ?? DEFAULT_KEEP;
    const { store: _s, every: _e, keep: _k, run: _r, bucket, ...conn } = o;
    const t = await NatsTransport.connect({ name: `actorlops-ckpt-${run}`, ...conn });
    try {
      return new JetStreamCheckpoints(await openWhenReady(t, bucket, Date.now() + JETSTREAM_READY_MS), t, run, keep, warn);
    } catch (e) {
      await t.close();
      throw e;
    }
  }

  async save(data: CheckpointData): Promise<string> {
    const name = `${this.run}/iter-${data.iteration}`;
    await this.store.put(name, encodeCheckpoint(data));
    const older = (await this.iterations()).slice(0, -this.keep);
    for (const c of older) await this.store.delete(c.name);
    return name;
  }

  async load(): Promise<CheckpointData> {
    const all = await this.iterations();
    if (all.length === 0) throw new CheckpointRunNotFoundError(this.location, this.run);
    let last: unknown;
    for (const c of all.reverse()) {
      try {
        return decodeCheckpoint(await this.store.get(c.name), `${this.location}, ${c.name}`);
      } catch (e) {
        if (!(e instanceof CheckpointCorruptError || e instanceof CheckpointNotFoundError || e instanceof CheckpointError)) throw e;
        this.warn(`skipping damaged checkpoint ${c.name}: ${e.message}`);
        last = e;
      }
    }
    throw new CheckpointError(this.location, `none of the ${all.length} checkpoints is valid`, { cause: last });
  }

  /** The run's checkpoints, oldest first. */
  async iterations(): Promise<{ name: string; iteration: number }[]> {
    const out: { name: string; iteration: number }[] = [];
    for (const c of await this.store.list()) {
      const k = iterationOf(c.name, this.run);
      if (k !== undefined) out.push({ name: c.name, iteration: k });
    }
    return out.sort((a, b) => a.iteration - b.iteration);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
