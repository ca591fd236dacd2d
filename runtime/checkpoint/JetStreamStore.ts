/**
 * Checkpoints in JetStream, for runs whose driver may resume on another host: named blobs in one
 * stream per bucket, chunked (≤ 256 KiB a message by default, under NATS's 1 MiB max_payload), each
 * blob's SHA-256 checked on read, the newest `keep` kept. Needs only core NATS plus a JetStream-enabled
 * server (nats-server 2.9 works), through any Transport.
 *
 * Layout of bucket `B` (stream `CKPT_B`, file storage, one message per subject):
 * - `ckpt.B.m.<name as base64url>`: JSON metadata `{name, uid, size, chunks, chunkSize, sha256, time}`;
 * - `ckpt.B.c.<uid>.<i>`: chunk `i` of the blob written under `uid`.
 * A put writes every chunk (each acknowledged by JetStream), then the metadata, then purges the chunks
 * of the blob it replaced: a reader sees the old blob or the new one, never a mix.
 *
 * @example
 * const store = await JetStreamStore.connect({ servers: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222'], bucket: 'run42', keep: 3 });
 * await store.put('iter-0010', bytes);
 * const back = await store.get('iter-0010');
 * await store.close();
 */
import { createHash, randomUUID } from 'node:crypto';
import { InvalidParameterError } from '../../operators/core/errors.ts';
import { NatsTransport } from '../transport/NatsTransport.ts';
import type { NatsTransportOptions } from '../transport/natsOptions.ts';
import type { Transport } from '../transport/types.ts';
import { JetStreamApi } from './jsApi.ts';
import { type CheckpointInfo, CheckpointCorruptError, CheckpointNotFoundError, type CheckpointStore } from './types.ts';

export interface JetStreamStoreOptions {
  /** Bucket name: letters, digits, `_`, `-`. */
  bucket: string;
  /** Largest chunk in bytes. @defaultValue 262144 */
  chunkSize?: number;
  /** After each put, keep only the newest `keep` checkpoints. @defaultValue undefined (keep all) */
  keep?: number;
  /** Chunk requests in flight during a get. @defaultValue 8 */
  parallel?: number;
  /** JetStream API timeout, ms. @defaultValue 5000 */
  timeout?: number;
}

export const jetStreamStoreDefaults = { chunkSize: 256 * 1024, parallel: 8, timeout: 5000 } as const;

interface Meta {
  name: string;
  uid: string;
  size: number;
  chunks: number;
  chunkSize: number;
  sha256: string;
  time: string;
}

const BUCKET = /^[A-Za-z0-9_-]+$/;
const enc = new TextEncoder();
const dec = new TextDecoder();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class JetStreamStore implements CheckpointStore {
  readonly bucket: string;
  readonly stream: string;
  private readonly o: JetStreamStoreOptions & { chunkSize: number; parallel: number; timeout: number };
  private readonly api: JetStreamApi;

  private constructor(
    transport: Transport,
    opts: JetStreamStoreOptions,
    private readonly owned: boolean,
  ) {
    this.o = { ...jetStreamStoreDefaults, ...opts };
    if (typeof opts.bucket !== 'string' || !BUCKET.test(opts.bucket)) throw new InvalidParameterError('JetStreamStore', 'bucket', opts.bucket, 'a non-empty name of letters, digits, `_` or `-`');
    if (!Number.isInteger(this.o.chunkSize) || this.o.chunkSize < 1 || this.o.chunkSize > 512 * 1024) throw new InvalidParameterError('JetStreamStore', 'chunkSize', this.o.chunkSize, 'an integer in [1, 524288]');
    if (opts.keep !== undefined && (!Number.isInteger(opts.keep) || opts.keep < 1)) throw new InvalidParameterError('JetStreamStore', 'keep', opts.keep, 'a positive integer');
    this.bucket = opts.bucket;
    this.stream = `CKPT_${opts.bucket}`;
    this.api = new JetStreamApi(transport, this.o.timeout);
  }

  /** A store over an open transport (left open by `close()`); creates the bucket's stream if needed. */
  static async open(transport: Transport, opts: JetStreamStoreOptions): Promise<JetStreamStore> {
    const s = new JetStreamStore(transport, opts, false);
    await s.api.ensureStream({ name: s.stream, subjects: [`ckpt.${s.bucket}.>`] });
    return s;
  }

  /** Connects to `servers` (any node of a NATS cluster) and opens the store; `close()` disconnects. */
  static async connect(opts: JetStreamStoreOptions & NatsTransportOptions): Promise<JetStreamStore> {
    const t = await NatsTransport.connect({ name: `actorlops-ckpt-${opts.bucket}`, ...opts });
    try {
      const s = new JetStreamStore(t, opts, true);
      await s.api.ensureStream({ name: s.stream, subjects: [`ckpt.${s.bucket}.>`] });
      return s;
    } catch (e) {
      await t.close();
      throw e;
    }
  }

  async put(name: string, bytes: Uint8Array): Promise<CheckpointInfo> {
    const subject = this.metaSubject(name);
    const old = await this.meta(name);
    const uid = randomUUID().replaceAll('-', '');
    const n = Math.max(1, Math.ceil(bytes.byteLength / this.o.chunkSize));
    const acks: Promise<number>[] = [];
    for (let i = 0; i < n; i++) acks.push(this.api.publish(this.chunkSubject(uid, i), bytes.subarray(i * this.o.chunkSize, (i + 1) * this.o.chunkSize)));
    await Promise.all(acks);
    const meta: Meta = { name, uid, size: bytes.byteLength, chunks: n, chunkSize: this.o.chunkSize, sha256: sha256(bytes), time: new Date().toISOString() };
    const seq = await this.api.publish(subject, enc.encode(JSON.stringify(meta)));
    if (old) await this.api.purge(this.stream, `ckpt.${this.bucket}.c.${old.uid}.>`);
    if (this.o.keep !== undefined) await this.prune(this.o.keep);
    return info(meta, seq);
  }

  async get(name: string): Promise<Uint8Array> {
    const m = await this.meta(name);
    if (!m) throw new CheckpointNotFoundError(this.bucket, name);
    const out = new Uint8Array(m.size);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < m.chunks; i = next++) {
        const c = await this.api.lastBySubject(this.stream, this.chunkSubject(m.uid, i));
        const want = Math.min(m.chunkSize, m.size - i * m.chunkSize);
        if (!c) throw new CheckpointCorruptError(this.bucket, name, `chunk ${i} of ${m.chunks} is missing`);
        if (c.data.byteLength !== want) throw new CheckpointCorruptError(this.bucket, name, `chunk ${i} has ${c.data.byteLength} bytes, expected ${want}`);
        out.set(c.data, i * m.chunkSize);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.parallel, m.chunks) }, worker));
    const got = sha256(out);
    if (got !== m.sha256) throw new CheckpointCorruptError(this.bucket, name, `SHA-256 ${got}, expected ${m.sha256}`);
    return out;
  }

  async list(): Promise<CheckpointInfo[]> {
    const subjects = await this.api.subjects(this.stream, `ckpt.${this.bucket}.m.>`);
    const metas = await Promise.all(subjects.map((s) => this.api.lastBySubject(this.stream, s)));
    return metas
      .filter((m) => m !== undefined)
      .map((m) => info(JSON.parse(dec.decode(m.data)) as Meta, m.seq))
      .sort((a, b) => a.seq - b.seq);
  }

  async prune(k: number): Promise<string[]> {
    if (!Number.isInteger(k) || k < 0) throw new InvalidParameterError('JetStreamStore.prune', 'k', k, 'a non-negative integer');
    const all = await this.list();
    const gone = all.slice(0, Math.max(0, all.length - k));
    for (const c of gone) await this.delete(c.name);
    return gone.map((c) => c.name);
  }

  /** Deletes one checkpoint (metadata first, so no reader finds a half-deleted blob); false if absent. */
  async delete(name: string): Promise<boolean> {
    const m = await this.meta(name);
    if (!m) return false;
    await this.api.purge(this.stream, this.metaSubject(name));
    await this.api.purge(this.stream, `ckpt.${this.bucket}.c.${m.uid}.>`);
    return true;
  }

  /** Closes the connection when the store opened it (`connect`). */
  async close(): Promise<void> {
    if (this.owned) await this.api.transport.close();
  }

  private async meta(name: string): Promise<Meta | undefined> {
    const m = await this.api.lastBySubject(this.stream, this.metaSubject(name));
    return m && (JSON.parse(dec.decode(m.data)) as Meta);
  }

  private metaSubject(name: string): string {
    if (typeof name !== 'string' || name.length === 0) throw new InvalidParameterError('JetStreamStore', 'name', name, 'a non-empty string');
    return `ckpt.${this.bucket}.m.${Buffer.from(name).toString('base64url')}`;
  }

  private chunkSubject(uid: string, i: number): string {
    return `ckpt.${this.bucket}.c.${uid}.${i}`;
  }
}

function info(m: Meta, seq: number): CheckpointInfo {
  return { name: m.name, size: m.size, chunks: m.chunks, sha256: m.sha256, seq, time: m.time };
}
