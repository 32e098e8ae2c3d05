// A TCP proxy between the app's database pool and the real Postgres, which a test can cut
// (every open connection destroyed, new ones refused) and restore: a database restart or a
// dropped network, seen from the app. While cut it keeps its port and answers every new
// connection with a reset, so no other socket can take the port before the restore.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port the app connects to (stays the same across cut/restore). */
  port: number;
  /** Destroys every proxied connection; new connections are reset at once. */
  cut(): void;
  /** Proxies new connections again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) {
      client.resetAndDestroy(); // RST: what a refused or dropped connection looks like
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const cut = () => {
    up = false;
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    cut,
    restore: () => {
      up = true;
    },
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
