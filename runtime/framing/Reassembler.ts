/**
 * Reassembles chunked transfers (see chunk.ts): chunks may arrive in any order, duplicates are ignored
 * (and counted), chunks that contradict their transfer are rejected with ChunkError, and a transfer
 * that is still incomplete `timeout` ms after its first chunk is dropped and reported as
 * TransferIncompleteError. Each chunk is copied once, straight to its offset in the transfer's
 * destination: a buffer given beforehand with {@link Reassembler.into} (e.g. the rows of a gathered
 * array), else a fresh uninitialised 8-byte aligned buffer (so `frameArray` on the result never copies).
 * A one-chunk transfer without a destination is not copied at all: its payload view is returned. A
 * frame without chunk info passes straight through.
 *
 * @example
 * const r = new Reassembler({ timeout: 5000, onIncomplete: (e) => log.warn(e) });
 * t.subscribe(subject, (m) => { const whole = r.accept(decodeFrame(m.data)); if (whole) use(frameArray(whole)); });
 */
import { ChunkError, FrameErrorCounter, FrameOversizeError, type FrameError, TransferIncompleteError } from './errors.ts';
import { allocBytes, type ChunkInfo, type Frame, type FrameHeader } from './frame.ts';

export interface ReassemblerOptions {
  /** Milliseconds from a transfer's first chunk to its rejection. @defaultValue 30000 */
  timeout?: number;
  /** Largest transfer accepted, in bytes. @defaultValue 1 GiB */
  maxTransferBytes?: number;
  /** Where rejections and duplicates are counted. @defaultValue a new counter */
  counter?: FrameErrorCounter;
  /** Told about each transfer dropped as incomplete. @defaultValue ignore (it is counted) */
  onIncomplete?: (error: TransferIncompleteError) => void;
}

const defaults: Required<Omit<ReassemblerOptions, 'counter'>> = {
  timeout: 30_000,
  maxTransferBytes: 2 ** 30,
  onIncomplete: () => {},
};
/** How many finished transfer ids are remembered to recognise late duplicates. */
const REMEMBERED = 1024;

interface Transfer {
  readonly first: FrameHeader;
  readonly data: Uint8Array;
  readonly got: Uint8Array;
  received: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class Reassembler {
  readonly counter: FrameErrorCounter;
  private readonly options: Required<Omit<ReassemblerOptions, 'counter'>>;
  private readonly transfers = new Map<string, Transfer>();
  private readonly finished = new Set<string>();
  private readonly destinations = new Map<string, Uint8Array>();

  constructor(options: ReassemblerOptions = {}) {
    this.counter = options.counter ?? new FrameErrorCounter();
    const { counter: _, ...rest } = options;
    this.options = { ...defaults, ...rest };
  }

  /** Transfers started and not finished. */
  get pending(): number {
    return this.transfers.size;
  }

  /**
   * Reassembles transfer `transferId` into `dest` (its byte length must equal the transfer's total, else
   * the first chunk is rejected with ChunkError). Returns false, and changes nothing, when the transfer
   * already started or finished; the caller then copies the result itself. Forgotten by {@link forget}.
   */
  into(transferId: string, dest: Uint8Array): boolean {
    if (this.transfers.has(transferId) || this.finished.has(transferId)) return false;
    this.destinations.set(transferId, dest);
    return true;
  }

  /** Drops the destination registered for a transfer that has not started (e.g. its waiter gave up). */
  forget(transferId: string): void {
    this.destinations.delete(transferId);
  }

  /** Takes one decoded frame; returns the whole transfer once its last chunk arrives. */
  accept(frame: Frame): Frame | undefined {
    const chunk = frame.header.chunk;
    if (!chunk) return frame;
    if (this.finished.has(chunk.transferId)) return this.duplicate();
    if (chunk.count === 1 && !this.transfers.has(chunk.transferId) && !this.destinations.has(chunk.transferId)) return this.single(frame, chunk);
    const t = this.transfers.get(chunk.transferId) ?? this.start(frame.header, chunk);
    this.check(t, frame.header, chunk);
    if (t.got[chunk.index]) return this.duplicate();
    t.got[chunk.index] = 1;
    t.data.set(frame.payload, chunk.offset);
    if (++t.received < chunk.count) return undefined;
    this.finish(chunk.transferId, t);
    return { header: wholeHeader(t.first, chunk.total), payload: t.data };
  }

  /** Drops every pending transfer and its timer. */
  close(): void {
    for (const t of this.transfers.values()) clearTimeout(t.timer);
    this.transfers.clear();
    this.destinations.clear();
  }

  /** A transfer of one chunk: its payload is the whole (no copy). */
  private single(frame: Frame, c: ChunkInfo): Frame {
    if (c.total > this.options.maxTransferBytes) this.reject(new FrameOversizeError(c.total, this.options.maxTransferBytes, 'transfer'));
    if (c.offset !== 0 || frame.payload.byteLength !== c.total) this.reject(new ChunkError(c.transferId, `single chunk of ${frame.payload.byteLength} bytes at offset ${c.offset} does not cover total ${c.total}`));
    this.remember(c.transferId);
    return { header: wholeHeader(frame.header, c.total), payload: frame.payload };
  }

  private start(first: FrameHeader, c: ChunkInfo): Transfer {
    if (c.total > this.options.maxTransferBytes) this.reject(new FrameOversizeError(c.total, this.options.maxTransferBytes, 'transfer'));
    const dest = this.destinations.get(c.transferId);
    if (dest && dest.byteLength !== c.total) this.reject(new ChunkError(c.transferId, `total ${c.total} differs from the ${dest.byteLength}-byte destination`));
    this.destinations.delete(c.transferId);
    const timer = setTimeout(() => this.expire(c.transferId), this.options.timeout);
    timer.unref?.();
    // every byte is overwritten before the transfer is handed out, so the buffer need not be zeroed
    const t: Transfer = { first, data: dest ?? allocBytes(c.total), got: new Uint8Array(c.count), received: 0, timer };
    this.transfers.set(c.transferId, t);
    return t;
  }

  private check(t: Transfer, header: FrameHeader, c: ChunkInfo): void {
    const f = t.first.chunk!;
    const why =
      c.count !== f.count ? `count ${c.count} differs from ${f.count}` :
      c.total !== f.total ? `total ${c.total} differs from ${f.total}` :
      header.kind !== t.first.kind ? `kind ${header.kind} differs from ${t.first.kind}` :
      header.dtype !== t.first.dtype ? `dtype ${String(header.dtype)} differs from ${String(t.first.dtype)}` :
      '';
    if (why) this.reject(new ChunkError(c.transferId, why));
  }

  private duplicate(): undefined {
    this.counter.duplicates++;
    return undefined;
  }

  private reject(error: FrameError): never {
    this.counter.record(error);
    throw error;
  }

  private expire(id: string): void {
    const t = this.transfers.get(id);
    if (!t) return;
    this.finish(id, t);
    const error = new TransferIncompleteError(id, t.received, t.got.length, this.options.timeout);
    this.counter.record(error);
    this.options.onIncomplete(error);
  }

  private finish(id: string, t: Transfer): void {
    clearTimeout(t.timer);
    this.transfers.delete(id);
    this.remember(id);
  }

  private remember(id: string): void {
    this.finished.add(id);
    if (this.finished.size > REMEMBERED) this.finished.delete(this.finished.values().next().value!);
  }
}

/** The header of a finished transfer: its first chunk's header without chunk info, for the whole length. */
function wholeHeader(first: FrameHeader, total: number): FrameHeader {
  const { chunk: _, ...header } = first;
  return { ...header, byteLength: total };
}
