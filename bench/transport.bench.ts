/**
 * Transport and framing costs: NATS publish→subscribe throughput for bulk messages, request/reply
 * round trip over NATS and over the in-process bus, and frame encode/decode per MiB (aligned view vs
 * copy). Starts its own nats-server on a free loopback port.
 */
import { decodeFrame, encodeFrame, frameArray } from '../runtime/framing/index.ts';
import { startNatsServer } from '../runtime/testing/index.ts';
import { Bus, InProcessBus, NatsTransport, type Transport } from '../runtime/transport/index.ts';
import { minTime, table } from './timing.ts';

export const title = 'Transport and framing';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Milliseconds to move `total` bytes in messages of `size` from one connection to another. */
async function throughput(pub: Transport, sub: Transport, size: number, total: number): Promise<number> {
  const n = Math.ceil(total / size);
  const subject = `bench.tp.${size}`;
  const payload = new Uint8Array(size).fill(7);
  return minTime(async () => {
    let got = 0;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const s = sub.subscribe(subject, () => {
      if (++got === n) done();
    });
    await sub.flush();
    for (let i = 0; i < n; i++) {
      pub.publish(subject, payload);
      if (i % 16 === 15) await pub.flush(); // keep the client buffer bounded, as an actor would
    }
    await finished;
    s.unsubscribe();
  }, 3);
}

/** Microseconds per sequential request/reply of a 16-byte message. */
async function roundTrip(req: Transport, resp: Transport, count: number): Promise<number> {
  const subject = 'bench.rr';
  const s = resp.subscribe(subject, (m) => m.respond(m.data));
  await resp.flush();
  const data = new Uint8Array(16);
  const t = await minTime(async () => {
    for (let i = 0; i < count; i++) await req.request(subject, data, { timeout: 5000 });
  }, 3);
  s.unsubscribe();
  return (t * 1000) / count;
}

async function natsSection(): Promise<string[][]> {
  const server = await startNatsServer();
  const pub = await NatsTransport.connect({ servers: server.url });
  const sub = await NatsTransport.connect({ servers: server.url });
  try {
    const rows: string[][] = [];
    for (const size of [64 * KiB, 256 * KiB, 512 * KiB]) {
      const total = 64 * MiB;
      const ms = await throughput(pub, sub, size, total);
      rows.push([`NATS publish→subscribe, ${size / KiB} KiB messages`, `${((total / MiB) / (ms / 1000)).toFixed(0)} MiB/s`]);
    }
    rows.push(['NATS request/reply, 16 B', `${(await roundTrip(pub, sub, 1000)).toFixed(1)} µs`]);
    return rows;
  } finally {
    await Promise.all([pub.close(), sub.close()]);
    await server.stop();
  }
}

async function busSection(): Promise<string[][]> {
  const bus = new Bus();
  const a = new InProcessBus(bus);
  const b = new InProcessBus(bus);
  const us = await roundTrip(a, b, 20_000);
  await Promise.all([a.close(), b.close()]);
  return [['in-process bus request/reply, 16 B', `${us.toFixed(1)} µs`]];
}

/** Microseconds per MiB of encoding, aligned decode (view) and misaligned decode (copy) of 512 KiB frames. */
async function framingSection(): Promise<string[][]> {
  const x = Float64Array.from({ length: (512 * KiB) / 8 }, (_, i) => i * 0.5);
  const meta = { kind: 'data', dtype: 'float64' as const, shape: [x.length], actor: 1 };
  const frame = encodeFrame(meta, x);
  const misaligned = new Uint8Array(frame.byteLength + 3);
  misaligned.set(frame, 3);
  const shifted = misaligned.subarray(3);
  const reps = 64; // 32 MiB per timed run
  const per = (ms: number) => `${((ms * 1000) / (reps / 2)).toFixed(1)} µs/MiB`;
  let sink = 0;
  const enc = await minTime(() => {
    for (let i = 0; i < reps; i++) sink += encodeFrame(meta, x).byteLength;
  });
  const decAligned = await minTime(() => {
    for (let i = 0; i < reps; i++) sink += frameArray(decodeFrame(frame))[1]!;
  });
  const decCopy = await minTime(() => {
    for (let i = 0; i < reps; i++) sink += frameArray(decodeFrame(shifted))[1]!;
  });
  if (sink === -1) console.log(sink);
  return [
    ['frame encode (header + copy of the raw part), 512 KiB float64 frames', per(enc)],
    ['frame decode, aligned buffer (view, no copy)', per(decAligned)],
    ['frame decode, misaligned buffer (copy)', per(decCopy)],
  ];
}

export async function run(): Promise<string> {
  const rows = [...(await natsSection()), ...(await busSection()), ...(await framingSection())];
  return [
    'Loopback nats-server 2.9.10 started by the bench; 64 MiB per throughput run, min of 3 runs.',
    '',
    table(['measure', 'result'], rows),
  ].join('\n');
}
