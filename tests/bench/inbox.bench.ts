// The workbench inbox on a table of INBOX_BENCH_NEEDS needs (default 20 000;
// `INBOX_BENCH_NEEDS=10000000 npm run bench` for ten million), filled by
// tests/bench/support/fill.ts on the configured database (DATABASE_URL, else
// PGlite). Every view — each filter and sort, first and deep page, each
// search — and the counts, for a specialist and for a manager, through the
// app (GET /api/needs, /api/needs/counts). Each is printed with p50/p95/p99
// and as a ratio against its ceiling measured in the same run, alternating:
// the bare SQL the view ran (recorded from the request, its own statements
// over needs, need_counts and stations), replayed directly on the pool in one
// transaction (as the view runs them, its SET LOCAL of the planner's costs too).
// INBOX_BENCH_DATABASE_URL: a database `npm run bench:fill` filled, used as it is.
// INBOX_BENCH_VIEWS: a regular expression; only the views whose names match are measured.
// Targets: 20 ms at p95 for a view, 50 ms for the counts.
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createPgDb } from '../../cloud/src/db/pg';
import { createTestApi, createTestApiOn, type TestApi } from '../support/api';
import { fillNeeds } from './support/fill';
import { inboxViews, isViewSql, pickForViews, queryRecorder } from './support/inboxViews';

let needs = Number(process.env.INBOX_BENCH_NEEDS ?? 20_000);
/** A Postgres database already filled by `npm run bench:fill` (instead of a fresh one filled here). */
const FILLED = process.env.INBOX_BENCH_DATABASE_URL?.trim();
const RUNS = Number(process.env.INBOX_BENCH_RUNS ?? 30);
/** Pages followed before the deep page is measured. */
const DEEP = Number(process.env.INBOX_BENCH_DEEP_PAGES ?? 10);
const ONLY = process.env.INBOX_BENCH_VIEWS ? new RegExp(process.env.INBOX_BENCH_VIEWS) : null;

let api: TestApi;
let tokens: { specialist: string; manager: string };

let record: ReturnType<typeof queryRecorder>;

async function get(path: string, token: string): Promise<{ nextCursor?: string | null }> {
  const res = await api.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { nextCursor?: string | null };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Row {
  view: string;
  p50: number;
  p95: number;
  p99: number;
  c50: number;
  c95: number;
  target: number;
}

async function measure(view: string, path: string, token: string, target: number): Promise<Row> {
  const statements = (await record(() => get(path, token))).filter((r) => isViewSql(r.text));
  // As the view sends them: its SET LOCAL settings with the BEGIN.
  const settings = Object.fromEntries(statements.flatMap((s) => (s.setting ? [s.setting] : [])));
  const rest = statements.filter((s) => !s.setting);
  const product: number[] = [];
  const ceiling: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await get(path, token);
    product.push(performance.now() - t);
    t = performance.now();
    await api.deps.db.transaction(
      async (tx) => {
        for (const s of rest) await tx.query(s.text, s.params);
      },
      { settings },
    );
    ceiling.push(performance.now() - t);
  }
  product.sort((a, b) => a - b);
  ceiling.sort((a, b) => a - b);
  return {
    view,
    p50: pct(product, 50),
    p95: pct(product, 95),
    p99: pct(product, 99),
    c50: pct(ceiling, 50),
    c95: pct(ceiling, 95),
    target,
  };
}

/** The cursor after DEEP pages of the view. */
async function deepCursor(path: string, token: string): Promise<string | null> {
  let cursor: string | null = null;
  for (let i = 0; i < DEEP; i++) {
    const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=20${cursor ? `&cursor=${cursor}` : ''}`, token);
    cursor = page.nextCursor ?? null;
    if (!cursor) return null;
  }
  return cursor;
}

const f = (ms: number) => ms.toFixed(1).padStart(7);

beforeAll(async () => {
  if (FILLED) {
    // A database `npm run bench:fill` filled before (same DATA_KEY): used as it is, kept after.
    const db = createPgDb(FILLED);
    api = await createTestApiOn(db, () => db.close());
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM needs');
    needs = rows[0]!.n;
  } else {
    api = await createTestApi();
    const t0 = performance.now();
    await fillNeeds(api.deps.db, api.deps.pii, { needs, log: (l) => console.log(`inbox bench: ${l}`) });
    console.log(`inbox bench: ${needs} needs on ${api.deps.db.driver} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  tokens = { specialist: await api.login('specialist'), manager: await api.login('manager') };
  record = queryRecorder(api.deps.db);

  const views = inboxViews(await pickForViews(api.deps.db)).filter(([name]) => !ONLY || ONLY.test(name));
  const rows: (Row & { role: string })[] = [];
  // Each row as it is measured too (a long run at 10 M shows its progress).
  const add = (r: Row & { role: string }) => {
    rows.push(r);
    console.log(
      `inbox bench: ${r.role} ${r.view}: p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} p99 ${r.p99.toFixed(1)} ms; ceiling p50 ${r.c50.toFixed(1)} p95 ${r.c95.toFixed(1)} ms`,
    );
  };
  for (const role of ['specialist', 'manager'] as const) {
    const token = tokens[role];
    for (const [name, qs] of views) {
      const path = `/api/needs?${qs ? `${qs}&` : ''}limit=20`;
      add({ role, ...(await measure(`${name} · first page`, path, token, 20)) });
      const cursor = await deepCursor(`/api/needs${qs ? `?${qs}` : ''}`, token);
      if (cursor) add({ role, ...(await measure(`${name} · page ${DEEP + 1}`, `${path}&cursor=${cursor}`, token, 20)) });
    }
    if (!ONLY || ONLY.test('counts')) add({ role, ...(await measure('GET /api/needs/counts', '/api/needs/counts', token, 50)) });
  }
  const line = (r: Row & { role: string }) =>
    `${r.role.padEnd(11)}${r.view.padEnd(46)}${f(r.p50)} ${f(r.p95)} ${f(r.p99)} | ${f(r.c50)}  ${f(r.c95)}  | ${(r.p50 / Math.max(r.c50, 0.01)).toFixed(1).padStart(7)}× ${(r.p95 / Math.max(r.c95, 0.01)).toFixed(1).padStart(7)}× | ${String(r.target).padStart(4)} ms ${r.p95 <= r.target ? 'ok' : 'OVER'}`;
  console.log(
    [
      `inbox bench: ${needs} needs, ${api.deps.db.driver}, ${RUNS} runs each; ceiling = the view's bare SQL on the pool, same run, alternating`,
      `${'role'.padEnd(11)}${'view'.padEnd(46)}    p50     p95     p99 | ceil p50 ceil p95 | p50×ceil p95×ceil | target p95`,
      ...rows.map(line),
    ].join('\n'),
  );
}, 7_200_000);
afterAll(() => api?.close());

describe('inbox', () => {
  bench(
    `GET /api/needs (specialist, newest, first page; ${needs} needs)`,
    async () => {
      await get('/api/needs?limit=20', tokens.specialist);
    },
    { iterations: 20, time: 0 },
  );
  bench(
    `GET /api/needs/counts (manager; ${needs} needs)`,
    async () => {
      await get('/api/needs/counts', tokens.manager);
    },
    { iterations: 20, time: 0 },
  );
});
