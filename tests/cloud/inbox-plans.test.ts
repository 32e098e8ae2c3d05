// The inbox's queries on a table large enough for the planner to choose (a
// fill of realistic needs, ANALYZEd): every view of tests/bench/support/
// inboxViews.ts — each filter and sort, first and a later page, each search —
// and the counts, for a specialist and for a manager, run through the app
// while their SQL is recorded; each statement's EXPLAIN must not scan `needs`
// sequentially, nor sort more than a few pages of needs for a page instead of
// walking an index in the page's order. Also: the stored deadline
// key is the inbox's clock.
import type { Queryable } from '../../cloud/src/db/types';
import { STAFF_DUE_SQL } from '../../cloud/src/services/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillNeeds } from '../bench/support/fill';
import { inboxViews, isViewSql, pickForViews, queryRecorder, type RecordedQuery } from '../bench/support/inboxViews';
import { createTestApi, type TestApi } from '../support/api';

const NEEDS = 30_000;

let api: TestApi;
let record: ReturnType<typeof queryRecorder>;
let tokens: Record<'specialist' | 'manager', string>;

beforeAll(async () => {
  api = await createTestApi();
  await fillNeeds(api.deps.db, api.deps.pii, { needs: NEEDS });
  tokens = { specialist: await api.login('specialist'), manager: await api.login('manager') };
  record = queryRecorder(api.deps.db);
}, 300_000);
afterAll(() => api?.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

async function planOf(q: RecordedQuery, db: Queryable, analyze = false): Promise<PlanNode> {
  const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${q.text}`, q.params);
  const raw = rows[0]!['QUERY PLAN'];
  return ((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[])[0]!.Plan;
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
const readsNeeds = (n: PlanNode) => nodes(n).some((m) => m['Relation Name'] === 'needs');

/** The sequential scans over `needs` in the statement's plan. */
async function seqScansOfNeeds(q: RecordedQuery, db: Queryable = api.deps.db): Promise<string[]> {
  return nodes(await planOf(q, db))
    .filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'needs')
    .map((n) => n['Node Type']);
}

/** More needs than a page may sort: a few pages' worth. */
const SORTED_AT_MOST = 1_000;

/**
 * Whether a page of the list sorted more needs than a few pages' worth (as
 * run: a plan that misjudges how many it reads looks cheap), instead of
 * walking an index in the page's order.
 */
async function sortsNeeds(q: RecordedQuery, db: Queryable): Promise<boolean> {
  if (!/\bORDER BY\b[^()]*\bLIMIT\b/.test(q.text)) return false;
  return nodes(await planOf(q, db, true)).some(
    (n) => (n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort') && readsNeeds(n) && sortedRows(n) > SORTED_AT_MOST,
  );
}

/** The rows a sort node took in. */
const sortedRows = (n: PlanNode): number => (n.Plans ?? []).reduce((sum, c) => sum + (c['Actual Rows'] ?? 0) * (c['Actual Loops'] ?? 1), 0);

async function viewStatements(path: string, token: string): Promise<{ statements: RecordedQuery[]; body: any }> {
  let body: any;
  const statements = await record(async () => {
    const res = await api.request('GET', path, { token });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    body = res.body;
  });
  return { statements: statements.filter((s) => isViewSql(s.text)), body };
}

describe('the inbox’s plans on a filled table', () => {
  it('finds a sequential scan where there is one (the check itself)', async () => {
    expect(await seqScansOfNeeds({ text: `SELECT id FROM needs WHERE description LIKE $1`, params: ['%没有索引%'] })).toHaveLength(1);
  });

  for (const role of ['specialist', 'manager'] as const) {
    it(`reads every view and the counts through indexes for a ${role}`, async () => {
      const views = inboxViews(await pickForViews(api.deps.db));
      const scans: string[] = [];
      const sorts: string[] = [];
      let checked = 0;
      for (const [name, qs] of views) {
        const path = `/api/needs?${qs ? `${qs}&` : ''}limit=20`;
        const first = await viewStatements(path, tokens[role]);
        const pages = [{ name, statements: first.statements }];
        if (first.body.nextCursor) {
          const next = await viewStatements(`${path}&cursor=${first.body.nextCursor}`, tokens[role]);
          pages.push({ name: `${name} (page 2)`, statements: next.statements });
        }
        pages.push({ name: 'counts', statements: (await viewStatements('/api/needs/counts', tokens[role])).statements });
        for (const page of pages) {
          expect(page.statements.length, page.name).toBeGreaterThan(0);
          // As the view runs them: in one transaction, its SET LOCAL of the planner's costs applied.
          await api.deps.db.transaction(async (tx) => {
            for (const s of page.statements) {
              if (/^\s*SET LOCAL/.test(s.text)) {
                await tx.query(s.text, s.params);
                continue;
              }
              checked++;
              const what = `${page.name}: ${s.text.replace(/\s+/g, ' ').slice(0, 300)}`;
              if ((await seqScansOfNeeds(s, tx)).length) scans.push(what);
              if (await sortsNeeds(s, tx)) sorts.push(what);
            }
          });
        }
      }
      expect(checked).toBeGreaterThan(views.length);
      expect(scans).toEqual([]);
      expect(sorts).toEqual([]);
    }, 120_000);
  }

  it('counts the overdue and due-soon needs from an index alone, without reading the needs, for a specialist and a manager', async () => {
    for (const role of ['specialist', 'manager'] as const) {
      const { statements } = await viewStatements('/api/needs/counts', tokens[role]);
      const due = statements.filter((s) => /\bAS overdue\b/.test(s.text));
      expect(due, role).toHaveLength(1);
      const reads = nodes(await planOf(due[0]!, api.deps.db)).filter((n) => n['Relation Name'] === 'needs');
      expect(
        reads.map((n) => n['Node Type']),
        role,
      ).toEqual(['Index Only Scan']);
    }
  });

  it('stores as deadline_key the running staff clock’s day the inbox computes (needs without one last)', async () => {
    const { rows } = await api.deps.db.query<{ states: number; differ: number }>(
      `SELECT count(DISTINCT n.state)::int AS states,
              count(*) FILTER (WHERE n.deadline_key IS DISTINCT FROM coalesce(${STAFF_DUE_SQL}, DATE '9999-12-31'))::int AS differ
         FROM needs n`,
    );
    expect(rows[0]).toEqual({ states: 9, differ: 0 });
  });
});

/** Every page of GET /api/needs?`query` for the manager, followed to the end: the needs' ids. */
async function allPages(query: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const path = `/api/needs?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, body } = (await api.request('GET', path, { token: tokens.manager })) as {
      status: number;
      body: { items: { id: string }[]; nextCursor: string | null };
    };
    expect(status).toBe(200);
    found.push(...body.items.map((n) => n.id));
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

describe('a search by the start of a need number', () => {
  it.each(['day', 'month', 'year'] as const)(
    'finds every need whose number begins with a %s, and only those, page by page',
    async (part) => {
      const { rows } = await api.deps.db.query<{ number: string }>('SELECT number FROM needs ORDER BY created_at DESC LIMIT 1 OFFSET 1000');
      const prefix = rows[0]!.number.slice(0, { day: 11, month: 9, year: 7 }[part]);
      const expected = await api.deps.db.query<{ id: string }>(
        `SELECT id FROM needs WHERE number LIKE $1 ORDER BY created_at DESC, id DESC`,
        [`${prefix}%`],
      );
      expect(expected.rows.length).toBeGreaterThan(0);
      expect(await allPages(`q=${prefix.toLowerCase()}`)).toEqual(expected.rows.map((r) => r.id));
    },
  );
});

describe('a search by words', () => {
  it.each([
    ['an enterprise’s name (its needs merged newest first)', async () => (await pickForViews(api.deps.db)).enterprise],
    ['a trade name some enterprises share (their needs merged newest first)', async () => (await pickForViews(api.deps.db)).tradeName],
    ['words of titles', async () => (await pickForViews(api.deps.db)).title.slice(0, 4)],
  ])('finds every need whose title, number or enterprise names %s, newest first, page by page', async (_what, words) => {
    const q = await words();
    const expected = await api.deps.db.query<{ id: string }>(
      `SELECT n.id FROM needs n JOIN enterprises e ON e.id = n.enterprise_id
        WHERE n.title ILIKE $1 OR e.name ILIKE $1 OR n.number LIKE $2 ORDER BY n.created_at DESC, n.id DESC`,
      [`%${q}%`, `${q.toUpperCase()}%`],
    );
    expect(expected.rows.length).toBeGreaterThan(0);
    for (const sort of ['', '&sort=deadline']) {
      const found = await allPages(`q=${encodeURIComponent(q)}${sort}`);
      if (sort) expect([...found].sort()).toEqual(expected.rows.map((r) => r.id).sort());
      else expect(found).toEqual(expected.rows.map((r) => r.id));
    }
  });
});
