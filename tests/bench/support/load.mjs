// One autocannon run, as a process of its own (so the load generator never
// shares the event loop or the CPU time of the server it measures):
//   node tests/bench/support/load.mjs '<json options>'
// options: url, connections, seconds, headers, body (JSON value). Every request
// carries a fresh Idempotency-Key. Prints one JSON line: ok (2xx replies),
// other (non-2xx or errors), opsPerSec (2xx per second), p50/p95/p99 (ms).
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const latencies = [];
let ok = 0;
let other = 0;
const instance = autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.seconds,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...opts.headers },
  body: JSON.stringify(opts.body),
  requests: [
    {
      setupRequest(req) {
        return { ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } };
      },
    },
  ],
});
instance.on('response', (_client, status, _bytes, ms) => {
  if (status >= 200 && status < 300) {
    ok++;
    latencies.push(ms);
  } else other++;
});
instance.on('reqError', () => other++);
instance.on('done', (result) => {
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  const seconds = result.duration || opts.seconds;
  process.stdout.write(`${JSON.stringify({ ok, other, opsPerSec: ok / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99) })}\n`);
});
