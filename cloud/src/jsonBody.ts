// The size limit of a request's body, and on Node its reading. A body is read
// once, within its limit, before any route asks for it.
//
// On Node (the local server, and the serverless entry through
// @hono/node-server/vercel: both pass the IncomingMessage as c.env.incoming)
// the bytes come straight from the socket into Hono's body cache
// (c.req.bodyCache, where c.req.json() and the validators look first), so no
// web Request, AbortController and web stream are built around them, and a
// GET builds none at all: measured under load, a fifth of the server's CPU
// time per POST /api/needs. Given only a web Request (app.request in tests),
// or a body someone else has begun to read, Hono's own bodyLimit does the job.
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors';

type Read = { text: string } | { problem: 'too_large' | 'incomplete' };

/**
 * The body of `incoming` as text (UTF-8, a leading BOM dropped, as Request.text() reads it);
 * 'too_large' past `maxSize` bytes; 'incomplete' when the client went before sending all of it.
 */
function readText(incoming: IncomingMessage, maxSize: number): Promise<Read> {
  // Gone while an earlier middleware waited (the server destroys a request whose socket closed):
  // none of the events below comes any more, and what was buffered is dropped.
  if (incoming.destroyed) return Promise.resolve({ problem: 'incomplete' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: Read) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('close', onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        // The rest is read and dropped, so the answer can still reach the client on this connection.
        settle({ problem: 'too_large' });
        incoming.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle({ text: new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)) });
    // An aborted request ends in 'error' or 'close' without 'end'.
    const onGone = () => settle({ problem: 'incomplete' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onGone);
    incoming.on('close', onGone);
  });
}

/** Refuses a body over `maxSize` bytes with `tooLarge`; on the Node server, reads the body into Hono's cache. */
export function bodyWithin(maxSize: number, tooLarge: () => never): MiddlewareHandler {
  const elsewhere = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // Not the Node server's, or its body already being read by someone else: the web Request's way.
    if (
      !incoming ||
      typeof incoming.on !== 'function' ||
      'rawBody' in incoming ||
      incoming.readableEnded ||
      incoming.readableFlowing !== null
    ) {
      return elsewhere(c, next);
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = Number(incoming.headers['content-length'] ?? 0);
    if (declared > maxSize) tooLarge();
    const read = await readText(incoming, maxSize);
    if ('problem' in read) {
      if (read.problem === 'too_large') tooLarge();
      throw new ApiError('malformed_json', '请求体不完整（连接中断），请重新提交');
    }
    // The cache holds what raw.text() would give: a promise (Hono's type says the text itself).
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(read.text);
    await next();
  });
}
