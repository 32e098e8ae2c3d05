// A WebSocket-to-TCP proxy for testing @vercel/postgres against a plain Postgres: the neon
// client (with neonConfig.wsProxy = hostPort) opens ws://<hostPort>?address=<host>:<port>
// and sends raw Postgres wire-protocol bytes as binary messages; we pipe them both ways.
// Listens on 127.0.0.1 only and forwards only to loopback targets.
import { createConnection, isIP, type Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface WsProxy {
  /** '127.0.0.1:<port>', for neonConfig.wsProxy. */
  hostPort: string;
  close(): Promise<void>;
}

export interface WsProxyOptions {
  /**
   * Fixed upstream to connect to instead of the requested address (which must still be
   * loopback, e.g. `localhost:5432` as @vercel/postgres requires host `localhost`). For a test
   * server that is not on this machine; set by the test, never by the client.
   */
  upstream?: { host: string; port: number };
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

function parseAddress(requestUrl: string | undefined): { host: string; port: number } | null {
  const url = new URL(requestUrl ?? '/', 'ws://proxy.invalid');
  const address = url.searchParams.get('address');
  if (!address) return null;
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return null;
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return null;
  return { host, port };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export async function startWsProxy(options: WsProxyOptions = {}): Promise<WsProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const sockets = new Set<Socket>();

  wss.on('connection', (client: WebSocket, req) => {
    const requested = parseAddress(req.url);
    if (!requested || !isLoopback(requested.host)) {
      client.close(1008, 'only loopback Postgres addresses are proxied');
      return;
    }
    const target = options.upstream ?? {
      host: requested.host.toLowerCase() === 'localhost' ? '127.0.0.1' : requested.host,
      port: requested.port,
    };
    const tcp = createConnection({ host: target.host, port: target.port });
    tcp.setNoDelay(true);
    sockets.add(tcp);

    // Writes made before the TCP connection is up are buffered by the socket.
    client.on('message', (data) => {
      if (!tcp.destroyed) tcp.write(toBuffer(data));
    });
    tcp.on('data', (chunk) => {
      if (client.readyState === client.OPEN) client.send(chunk, { binary: true });
    });

    const closeBoth = () => {
      sockets.delete(tcp);
      if (!tcp.destroyed) tcp.destroy();
      if (client.readyState === client.OPEN || client.readyState === client.CONNECTING) client.close();
    };
    client.on('close', closeBoth);
    client.on('error', closeBoth);
    tcp.on('close', closeBoth);
    tcp.on('error', closeBoth);
  });

  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const address = wss.address();
  if (typeof address === 'string' || address === null) throw new Error('ws proxy: no TCP address');

  return {
    hostPort: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const tcp of sockets) tcp.destroy();
        sockets.clear();
        wss.close(() => resolve());
      }),
  };
}
