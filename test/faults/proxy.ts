/** A TCP proxy on loopback that can cut every connection through it (a network fault between client and server). */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface CutProxy {
  url: string;
  /** Connections cut so far. */
  cuts: number;
  /** Destroys every open connection (clients see a dropped link and reconnect through the proxy). */
  cut(): void;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const proxy: CutProxy = {
    url: `nats://127.0.0.1:${port}`,
    cuts: 0,
    cut() {
      proxy.cuts += sockets.size;
      for (const s of [...sockets]) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        proxy.cut();
        server.close(() => r());
      }),
  };
  return proxy;
}
