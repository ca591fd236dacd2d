/**
 * A traffic meter: counts the messages and bytes published on every data and halo subject of a cluster
 * (`lops.<cluster>.data.*`: rechunk boxes, scatter/gather; `lops.<cluster>.halo.*`: halo bundles; `halo`
 * counts the latter alone), observed from the driver's connection. Each chunk of a transfer counts
 * once: a chunk sent again on a receiver's resend request counts in `resent`, the requests themselves
 * (messages that carry a reply subject) in `resendRequests`, so a slow machine does not change `messages`. Works the same over the in-process bus and NATS; meant for tests and benchmarks (it adds
 * one delivery per message to the driver).
 *
 * @example
 * const meter = new TrafficMeter(cluster);
 * await D.matvec(x).ready;
 * await meter.settle();
 * meter.messages; // halo bundles of that apply
 * meter.close();
 */
import { wildcard } from '../../runtime/cluster/subjects.ts';
import { decodeFrame } from '../../runtime/framing/frame.ts';
import type { Subscription } from '../../runtime/transport/types.ts';
import type { ClusterCore } from '../ClusterCore.ts';

export class TrafficMeter {
  messages = 0;
  bytes = 0;
  /** Messages on the halo subjects. */
  halo = 0;
  /** Chunks seen a second time (re-sent on request). */
  resent = 0;
  /** Resend requests (messages with a reply subject). */
  resendRequests = 0;
  private readonly seen = new Set<string>();
  private readonly subs: Subscription[];

  constructor(private readonly cluster: ClusterCore) {
    const count = (halo: boolean) => (m: { subject: string; data: Uint8Array; reply?: string }) => {
      if (m.reply) return void this.resendRequests++;
      const id = chunkId(m.subject, m.data);
      if (id !== undefined && this.seen.has(id)) return void this.resent++;
      if (id !== undefined) this.seen.add(id);
      this.messages++;
      this.bytes += m.data.byteLength;
      if (halo) this.halo++;
    };
    this.subs = [cluster.driver.transport.subscribe(wildcard(cluster.name, 'data'), count(false)), cluster.driver.transport.subscribe(wildcard(cluster.name, 'halo'), count(true))];
  }

  /** Lets deliveries already published reach the meter (a flush and a short pause). */
  async settle(ms = 20): Promise<void> {
    await this.cluster.driver.transport.flush();
    await new Promise((r) => setTimeout(r, ms));
  }

  reset(): void {
    this.messages = 0;
    this.bytes = 0;
    this.halo = 0;
    this.resent = 0;
    this.resendRequests = 0;
    this.seen.clear();
  }

  close(): void {
    for (const s of this.subs) s.unsubscribe();
  }
}

/** `subject|transfer|index` of a chunked frame, or undefined for anything else. */
function chunkId(subject: string, data: Uint8Array): string | undefined {
  try {
    const c = decodeFrame(data).header.chunk;
    return c ? `${subject}|${c.transferId}|${c.index}` : undefined;
  } catch {
    return undefined;
  }
}
