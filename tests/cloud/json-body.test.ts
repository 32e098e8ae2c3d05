// Request bodies over a real socket: on the Node server the body is read from
// the IncomingMessage into Hono's cache (cloud/src/jsonBody.ts), not through a
// web Request. The answers must be those of the web Request path (app.request,
// tests/cloud/api.test.ts): limits, malformed JSON, the text as decoded.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { MAX_JSON_BODY_BYTES } from '@qi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../cloud/src/app';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';

let api: TestApi;
let server: ReturnType<typeof serve>;
let port: number;
let token: string;

beforeAll(async () => {
  api = await createTestApi();
  token = await api.login('enterprise');
  server = serve({ fetch: createApp(api.deps).fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

interface Answer {
  status: number;
  body: any;
}

/**
 * Sends `parts` as the body, one write each (chunked unless a content-length is given), and reads
 * the JSON answer; on a kept-alive connection, unless `ownConnection`.
 */
function send(
  method: string,
  path: string,
  parts: (string | Buffer)[],
  headers: Record<string, string> = {},
  ownConnection = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        ...(ownConnection ? { agent: false } : {}),
        method,
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': newKey(), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      },
    );
    req.on('error', reject);
    for (const p of parts) req.write(p);
    req.end();
  });
}

describe('a JSON body over HTTP on the Node server', () => {
  it('is read whole, its characters intact when a chunk ends inside one', async () => {
    const title = '椰子汁出口东盟检测咨询';
    const bytes = Buffer.from(JSON.stringify(needBody({ title })), 'utf8');
    const cut = bytes.indexOf(Buffer.from('子', 'utf8')) + 1; // inside 子's three bytes
    const r = await send('POST', '/api/needs', [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(r.status).toBe(201);
    expect(r.body.title).toBe(title);
  });

  it('may begin with a byte order mark, as a web Request reads it', async () => {
    const r = await send('POST', '/api/needs', [`\uFEFF${JSON.stringify(needBody())}`]);
    expect(r.status).toBe(201);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const r = await send('POST', '/api/needs', ['{"title": "未写完']);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('malformed_json');
  });

  it('answers a body declared over the limit with 413, before reading it', async () => {
    // The declared bytes never come: a connection of its own, which the server cannot reuse.
    const r = await send('POST', '/api/needs', ['{}'], { 'content-length': String(MAX_JSON_BODY_BYTES + 1) }, true);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('answers a chunked body that grows past the limit with 413, and the connection still answers', async () => {
    const big = JSON.stringify(needBody({ description: '很'.repeat(100_000) })); // 300 KB in UTF-8
    const r = await send('POST', '/api/needs', [big.slice(0, 50_000), big.slice(50_000)]);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect((await send('POST', '/api/needs', [JSON.stringify(needBody())])).status).toBe(201);
  });

  it('drops a body whose client goes before sending all of it, and answers the next one', async () => {
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/needs',
          agent: false,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': newKey(),
            'content-length': '5000',
          },
        });
        req.on('error', () => resolve());
        req.write('{"title": "只发了一半');
        setTimeout(() => req.destroy(), 100);
      });
      expect((await send('POST', '/api/needs', [JSON.stringify(needBody())])).status).toBe(201);
    } finally {
      console.error = log;
    }
    // Answered as an incomplete body (400), never as a server error.
    expect(errors).toEqual([]);
  });

  it('settles a request whose client went away before its body was read', async () => {
    // A middleware in front waits until the client has gone, as a slow statement before the
    // body's turn would (the rate limits): the request must still come to an answer.
    const root = new Hono<{ Bindings: HttpBindings }>();
    root.use('*', async (c, next) => {
      const incoming = c.env.incoming;
      if (!incoming.destroyed) await new Promise((gone) => incoming.once('close', gone));
      await next();
    });
    root.route('/', createApp(api.deps));
    const answers: Response[] = [];
    const fetch = async (req: Request, env: unknown) => {
      const answer = await root.fetch(req, env as HttpBindings); // HTTP/1: serve()'s default
      answers.push(answer.clone()); // the server reads the original's body (into the closed socket)
      return answer;
    };
    const late = serve({ fetch, port: 0, hostname: '127.0.0.1' });
    try {
      if (!late.listening) await new Promise<void>((resolve) => late.once('listening', () => resolve()));
      const body = JSON.stringify(needBody());
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port: (late.address() as AddressInfo).port,
          method: 'POST',
          path: '/api/needs',
          agent: false,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': newKey() },
        });
        req.on('error', () => resolve());
        req.end(body, () => setTimeout(() => req.destroy(), 50));
      });
      await expect.poll(() => answers.length, { timeout: 5000 }).toBe(1);
      const answer = answers[0]!;
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    } finally {
      await new Promise((resolve) => late.close(resolve));
    }
  });

  it('takes a body at the limit exactly', async () => {
    const base = JSON.stringify(needBody({ attachments: [] }));
    const pad = MAX_JSON_BODY_BYTES - Buffer.byteLength(base);
    const padded = `${' '.repeat(pad)}${base}`; // JSON allows leading white space
    expect(Buffer.byteLength(padded)).toBe(MAX_JSON_BODY_BYTES);
    expect((await send('POST', '/api/needs', [padded])).status).toBe(201);
  });

  it('leaves a GET alone', async () => {
    const r = await send('GET', '/api/needs', []);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.items)).toBe(true);
  });
});
