/**
 * A traffic meter: counts the messages and bytes published on every data and halo subject of a cluster
 * (`lops.<cluster>.data.*`: rechunk boxes, scatter/gather; `lops.<cluster>.halo.*`: halo bundles and
 * resend requests; `halo` counts the latter alone), observed from the driver's
 * connection. Works the same over the in-process bus and NATS; meant for tests and benchmarks (it adds
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
import type { Subscription } from '../../runtime/transport/types.ts';
import type { ClusterCore } from '../ClusterCore.ts';

export class TrafficMeter {
  messages = 0;
  bytes = 0;
  /** Messages on the halo subjects. */
  halo = 0;
  private readonly subs: Subscription[];

  constructor(private readonly cluster: ClusterCore) {
    const count = (halo: boolean) => (m: { data: Uint8Array }) => {
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
  }

  close(): void {
    for (const s of this.subs) s.unsubscribe();
  }
}
