// The statistics overview against a data set worked out by hand: five needs
// run through their lives on days around the 2026 Spring Festival (holiday
// 02-15 to 02-23; Saturday 02-14 worked), the figures checked one by one; the
// rollups, kept by triggers, equal a rebuild from the rows after every change;
// supervisors see no personal data; specialists only their stations.
import { StatsQuerySchema, type StatsOverview } from '@qi/shared';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../cloud/src/services/calendar';
import { countPeriod } from '../../cloud/src/services/stats/countPeriod';
import { foldStats } from '../../cloud/src/services/stats/fold';
import { calendarCopy } from '../../cloud/src/services/stats/workdays';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { createNeed, mustAct, newUser, shanghaiMorning } from '../support/workbench';

let api: TestApi;
let ent: string;
let spec: string;
let manager: string;
let supervisor: string;
let expertName: string;
const needs: Record<string, { id: string; version: number }> = {};

const PERIOD = 'from=2026-02-01&to=2026-03-31';
const ROLLUPS = ['stats_needs', 'stats_durations', 'stats_items', 'stats_ratings', 'stats_providers', 'stats_complaints'];
/** The rollups of migrations 0024 and 0031, kept by triggers on 0014's (rows with every count zero are left by subtractions). */
const DERIVED: Record<string, string> = {
  stats_needs_dim: 'n <> 0 OR answered <> 0 OR accept_on_time <> 0 OR accept_late <> 0 OR reply_on_time <> 0 OR reply_late <> 0',
  stats_duration_hist: 'n <> 0',
  stats_items_dim: 'n <> 0',
  stats_ratings_dim: 'n <> 0',
  stats_providers_dim: 'n <> 0',
  stats_rating_cube:
    'greatest(' +
    ['timeliness', 'professionalism', 'courtesy', 'overall']
      .flatMap((q) => ['very_satisfied', 'satisfied', 'average', 'dissatisfied'].map((l) => `abs(${q}_${l})`))
      .join(', ') +
    ', abs(resolved_yes), abs(resolved_no)) > 0',
};

async function overview(token: string, query = PERIOD): Promise<StatsOverview> {
  const r = await api.request('GET', `/api/stats/overview?${query}`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as StatsOverview;
}

/** Runs `fn` with the app's clock at 10:00 in Shanghai on `day`. */
async function on<T>(day: string, fn: () => Promise<T>): Promise<T> {
  api.setNow(shanghaiMorning(day));
  try {
    return await fn();
  } finally {
    api.setNow(null);
  }
}

const act = (key: string, day: string, body: Record<string, unknown>) =>
  on(day, async () => {
    const n = needs[key]!;
    const r = await mustAct(api, spec, n.id, { version: n.version, ...body });
    needs[key] = { id: r.id, version: r.version };
    return r;
  });

async function rate(key: string, day: string, body: Record<string, unknown>) {
  await on(day, async () => {
    const r = await api.request('POST', `/api/needs/${needs[key]!.id}/rating`, { token: ent, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    needs[key] = { id: r.body.id, version: r.body.version };
  });
}

/** Every rollup row with a count, as text, sorted: what the triggers keep (or a rebuild makes). */
async function rollupSnapshot(): Promise<string[]> {
  await foldStats(api.deps.db);
  const out: string[] = [];
  const where = { ...Object.fromEntries(ROLLUPS.map((t) => [t, 'n <> 0'])), ...DERIVED };
  for (const [t, w] of Object.entries(where)) {
    const { rows } = await api.deps.db.query<{ r: string }>(`SELECT row_to_json(s)::text AS r FROM ${t} s WHERE ${w}`);
    out.push(...rows.map((x) => `${t} ${x.r}`));
  }
  return out.sort();
}

/** What the triggers kept equals a rebuild from the rows: 0014's from the needs, 0024's set-based from 0014's. */
async function expectRollupsMatchRebuild() {
  const kept = await rollupSnapshot();
  await api.deps.db.transaction(async (tx) => {
    await tx.query('SELECT stats_rebuild()');
    await tx.query('SELECT stats_needs_dim_rebuild()');
    await tx.query('SELECT stats_rating_cube_rebuild()');
    await tx.query('SELECT stats_dims_rest_rebuild()');
    const { rows } = await tx.query<{ ok: boolean }>('SELECT stats_duration_hist_rebuild(fingerprint) AS ok FROM stats_calendar_state');
    expect(rows[0]!.ok).toBe(true);
  });
  expect(await rollupSnapshot()).toEqual(kept);
}

beforeAll(async () => {
  api = await createTestApi();
  ent = await api.login('enterprise');
  spec = await api.login('specialist');
  manager = await api.login('manager');
  supervisor = await api.login('supervisor');
  const { rows } = await api.deps.db.query<{ id: string; name: string }>('SELECT id, name FROM experts ORDER BY seed_key LIMIT 1');
  const expert = rows[0]!;
  expertName = expert.name;

  // N0, the period before: submitted 2026-01-05.
  needs.n0 = await on('2026-01-05', () => createNeed(api, ent));
  // N1: submitted Thu 02-12, accepted Fri 02-13, dispatched to an expert, completed Wed 02-25.
  needs.n1 = await on('2026-02-12', () => createNeed(api, ent));
  await act('n1', '2026-02-13', { action: 'accept' });
  const dispatched = await act('n1', '2026-02-13', { action: 'dispatch', assignees: [{ expertId: expert.id }] });
  await api.deps.db.query(`UPDATE tasks SET state = 'done', result = '已完成' WHERE id = $1`, [dispatched.tasks[0].id]);
  await act('n1', '2026-02-25', { action: 'complete', result: '已出具检测方案' });
  await rate('n1', '2026-02-26', {
    timeliness: 'very_satisfied',
    professionalism: 'satisfied',
    courtesy: 'very_satisfied',
    overall: 'satisfied',
    resolved: true,
  });
  // N2: submitted Fri 02-13 (metrology), answered at once (即时答复) only on Tue 02-24.
  needs.n2 = await on('2026-02-13', () => createNeed(api, ent, { categories: ['metrology'] }));
  await act('n2', '2026-02-24', { action: 'answer', answer: '已电话答复计量器具检定流程' });
  await rate('n2', '2026-02-25', {
    timeliness: 'average',
    professionalism: 'satisfied',
    courtesy: 'satisfied',
    overall: 'dissatisfied',
    resolved: false,
  });
  // N3: submitted and rejected on Mon 03-02. N4: submitted Tue 03-03, not yet accepted.
  needs.n3 = await on('2026-03-02', () => createNeed(api, ent));
  await act('n3', '2026-03-02', { action: 'reject', reason: '不属于服务范围' });
  needs.n4 = await on('2026-03-03', () => createNeed(api, ent));
  // A complaint about N2, received 03-04.
  await on('2026-03-04', async () => {
    const r = await api.request('POST', '/api/complaints', {
      token: ent,
      body: { needId: needs.n2!.id, targetKind: 'need', content: '即时答复拖了一周多，问题也没有解决。' },
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
}, 120_000);
afterAll(() => api?.close());

describe('the statistics overview', () => {
  it('counts the period’s needs by category, month and state, each need once in the total', async () => {
    const o = await overview(manager);
    expect(o.current.needs).toBe(4);
    expect(Object.fromEntries(o.byCategory.map((r) => [r.key, r.count]))).toEqual({ testing: 3, standardization: 3, metrology: 1 });
    expect(o.byMonth).toEqual([
      { key: '2026-02', label: '2026-02', count: 2 },
      { key: '2026-03', label: '2026-03', count: 2 },
    ]);
    const states = Object.fromEntries(o.states.filter((s) => s.count).map((s) => [s.key, s.count]));
    expect(states).toEqual({ rated: 2, rejected: 1, submitted: 1 });
    expect(o.byChannel).toEqual([{ key: 'miniapp', label: '小程序', count: 4 }]);
  });

  it('counts time to accept and to complete in working days, across the Spring Festival', async () => {
    const o = await overview(manager);
    // accept: N1 02-12→02-13 = 1, N2 02-13→02-24 = 2 (Sat 02-14 worked, 02-15..23 off), N3 0 → median 1, p90 2
    expect(o.durations.accept).toEqual({ count: 3, median: 1, p90: 2 });
    // complete: N1 02-12→02-25 = 4 (02-13, 02-14, 02-24, 02-25), N2 = 2 → median 2, p90 4
    expect(o.durations.complete).toEqual({ count: 2, median: 2, p90: 4 });
    expect(o.current.medianCompleteDays).toBe(2);
  });

  it('gives the on-time rate per clock and the share answered at once', async () => {
    const o = await overview(manager);
    // accept by: N1 02-13 (met), N2 Sat 02-14 (answered 02-24: late), N3 03-03 (rejected 03-02: met)
    expect(o.onTime.find((c) => c.clock === 'accept')).toMatchObject({ onTime: 2, late: 1, rate: 0.6667 });
    // reply by: N1 02-26, N2 02-27: both met
    expect(o.onTime.find((c) => c.clock === 'reply')).toMatchObject({ onTime: 2, late: 0, rate: 1 });
    expect(o.instantAnswer).toEqual({ answered: 1, responded: 3, share: 0.3333 });
  });

  it('counts satisfaction per Annex C question and the resolution rate', async () => {
    const o = await overview(manager);
    const q = Object.fromEntries(o.satisfaction.map((s) => [s.question, s]));
    expect(q.overall!.counts.map((c) => c.count)).toEqual([0, 1, 0, 1]);
    expect(q.overall!.satisfiedRate).toBe(0.5);
    expect(q.timeliness!.counts.map((c) => c.count)).toEqual([1, 0, 1, 0]);
    expect(q.courtesy!.satisfiedRate).toBe(1);
    expect(o.resolution).toEqual({ resolved: 1, unresolved: 1, rate: 0.5 });
  });

  it('counts complaints, ranks the providers and compares with the period before', async () => {
    const o = await overview(manager);
    expect(o.complaints.total).toBe(1);
    expect(o.complaints.byState.find((s) => s.key === 'received')!.count).toBe(1);
    expect(o.providers).toEqual([
      expect.objectContaining({ kind: 'expert', name: expertName, tasks: 1, done: 1, declined: 0, doneRate: 1 }),
    ]);
    expect(o.previousPeriod).toEqual({ from: '2025-12-04', to: '2026-01-31' });
    expect(o.previous.needs).toBe(1);
    expect(o.previous.complaints).toBe(0);
  });

  it('applies the filters and reads whole years, months and days alike', async () => {
    expect((await overview(manager, `${PERIOD}&category=metrology`)).current.needs).toBe(1);
    expect((await overview(manager, `${PERIOD}&category=testing`)).durations.complete).toEqual({ count: 1, median: 4, p90: 4 });
    expect((await overview(manager, `${PERIOD}&channel=phone`)).current.needs).toBe(0);
    // a whole year (its year row), a month and a day range give the same counts as the days
    expect((await overview(manager, 'from=2026-01-01&to=2026-12-31')).current.needs).toBe(5);
    expect((await overview(manager, 'from=2026-02-13&to=2026-03-02')).current.needs).toBe(2);
    expect((await overview(manager, 'from=2026-01-05&to=2026-03-31')).current.needs).toBe(5);
  });

  it('gives the same figures from 0014’s cube (a channel or region filter) as from the counts by dimension', async () => {
    // every need of the data set came through the mini-program from an enterprise of one region
    const plain = await overview(manager);
    const region = plain.byRegion[0]!.key;
    for (const q of [`${PERIOD}&channel=miniapp`, `${PERIOD}&region=${encodeURIComponent(region)}`]) {
      const viaCube = await overview(manager, q);
      expect({ ...viaCube, filters: plain.filters }).toEqual(plain);
    }
    const metrology = await overview(manager, `${PERIOD}&category=metrology`);
    expect({ ...(await overview(manager, `${PERIOD}&category=metrology&channel=miniapp`)), filters: metrology.filters }).toEqual(metrology);
  });

  it('counts the durations alike from the working-day histograms and from the day pairs on the calendar', async () => {
    const cal = await loadCalendar(api.deps, api.deps.db);
    const q = StatsQuerySchema.parse({ from: '2026-02-01', to: '2026-03-31' });
    const scope = { stations: null, desensitised: false };
    expect((await api.deps.db.query('SELECT fingerprint FROM stats_calendar_state')).rows[0]).toEqual({
      fingerprint: calendarCopy(cal).fingerprint,
    });
    await foldStats(api.deps.db);
    const viaHistograms = await countPeriod(api.deps.db, q, scope, q, { cal, histograms: true });
    const viaPairs = await countPeriod(api.deps.db, q, scope, q, { cal, histograms: false });
    const sorted = (r: typeof viaPairs) => [...r.durations].sort((a, b) => a.kind.localeCompare(b.kind) || a.days - b.days);
    expect(sorted(viaHistograms)).toEqual(sorted(viaPairs));
    expect(sorted(viaPairs)).toEqual([
      { kind: 'accept', days: 0, n: 1 },
      { kind: 'accept', days: 1, n: 1 },
      { kind: 'accept', days: 2, n: 1 },
      { kind: 'complete', days: 2, n: 1 },
      { kind: 'complete', days: 4, n: 1 },
    ]);
  });

  it('refuses a period that ends before it starts, in the contract shape', async () => {
    const r = await api.request('GET', '/api/stats/overview?from=2026-03-01&to=2026-02-01', { token: manager });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
  });
});

describe('the rollups', () => {
  it('equal a rebuild from the rows after the data set', async () => {
    await expectRollupsMatchRebuild();
  });

  it('follow a need as it changes state: accepted, reopened, completed again', async () => {
    await act('n4', '2026-03-04', { action: 'accept' });
    let o = await overview(manager);
    expect(o.states.find((s) => s.key === 'submitted')!.count).toBe(0);
    expect(o.states.find((s) => s.key === 'accepted')!.count).toBe(1);
    expect(o.durations.accept.count).toBe(4);

    // the manager reopens N2 (问题未解决): its completion leaves the figures until it completes again
    await on('2026-03-05', async () => {
      const r = await api.request('POST', `/api/needs/${needs.n2!.id}/actions`, {
        token: manager,
        body: { action: 'reopen', version: needs.n2!.version, reason: '企业反映问题未解决' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      needs.n2 = { id: r.body.id, version: r.body.version };
    });
    o = await overview(manager);
    expect(o.durations.complete.count).toBe(1);
    expect(o.states.find((s) => s.key === 'in_service')!.count).toBe(1);
    await act('n2', '2026-03-06', { action: 'complete', result: '现场复核后已解决' });
    o = await overview(manager);
    // N2 02-13→03-06: 02-14, 02-24..27, Sat 02-28 (worked), 03-02..06 = 11 working days
    expect(o.durations.complete).toEqual({ count: 2, median: 4, p90: 11 });
    await expectRollupsMatchRebuild();
  });
});

describe('a change of the working-day calendar', () => {
  it('recounts the duration histograms on the calendar in force', async () => {
    const before = (await api.deps.db.query<{ fingerprint: string }>('SELECT fingerprint FROM stats_calendar_state')).rows[0]!;
    const setHoliday = (sql: string) => api.deps.db.query(`UPDATE calendar_years SET ${sql}, version = version + 1 WHERE year = 2026`);
    // a day off added on Wed 03-04 (as a new publication would): N2's 02-13→03-06 takes 10 working days, not 11
    await setHoliday(`holidays = holidays || '[{"name":"测试假日","from":"2026-03-04","to":"2026-03-04"}]'::jsonb`);
    try {
      expect((await overview(manager)).durations.complete).toEqual({ count: 2, median: 4, p90: 10 });
      const after = (await api.deps.db.query<{ fingerprint: string }>('SELECT fingerprint FROM stats_calendar_state')).rows[0]!;
      expect(after.fingerprint).not.toBe(before.fingerprint);
      await expectRollupsMatchRebuild();
    } finally {
      await setHoliday(
        `holidays = (SELECT coalesce(jsonb_agg(h), '[]'::jsonb) FROM jsonb_array_elements(holidays) h WHERE h->>'name' <> '测试假日')`,
      );
    }
    expect((await overview(manager)).durations.complete).toEqual({ count: 2, median: 4, p90: 11 });
  });
});

describe('who sees what', () => {
  it('shows supervisors the figures with no personal data', async () => {
    const o = await overview(supervisor);
    expect(o.desensitised).toBe(true);
    expect(o.current.needs).toBeGreaterThan(0);
    const text = JSON.stringify(o);
    expect(text).not.toContain(expertName);
    expect(text).not.toContain('林晓华');
    expect(text).not.toContain('13876543210');
    expect(o.providers[0]!.name).toMatch(/^.\*+$/);
  });

  it('keeps specialists to their stations and refuses enterprises and providers', async () => {
    const center = await overview(spec);
    expect(center.current.needs).toBe(4); // the center's desk: needs raised without a station
    const branch = await newUser(api, { roles: ['specialist'], stationCode: 'SYB001' });
    expect((await overview(branch.token)).current.needs).toBe(0);
    const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM stations WHERE kind = 'center' LIMIT 1`);
    const other = await api.request('GET', `/api/stats/overview?${PERIOD}&stationId=${rows[0]!.id}`, { token: branch.token });
    expect(other.status).toBe(403);
    expect((await api.request('GET', `/api/stats/overview?${PERIOD}`, { token: ent })).status).toBe(403);
    expect((await api.request('GET', `/api/stats/overview?${PERIOD}`, { token: await api.login('provider') })).status).toBe(403);
  });
});

describe('the Excel export', () => {
  async function download(token: string, query = PERIOD) {
    const res = await api.app.request(`/api/stats/overview.xlsx?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  }
  /** The values of the sheet's rows, as arrays from column A. */
  const rowsOf = (wb: ExcelJS.Workbook, sheet: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(sheet)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
    return out;
  };

  it('holds the overview’s figures, sheet by sheet, and opens again', async () => {
    const wb = await download(manager);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '需求分布', '办理时效', '满意度', '投诉', '持续改进', '服务机构排名']);
    const o = await overview(manager);
    const f = o.improvement!.followUps;
    const r = o.improvement!.rectifications;
    expect(rowsOf(wb, '持续改进')).toEqual(
      expect.arrayContaining([
        ['不满意评价回访', f.opened, f.resolved, f.overdue],
        ['整改', r.opened, r.done, r.overdue],
      ]),
    );
    const head = rowsOf(wb, '概览');
    expect(head.find((r) => r[0] === '需求总数')!.slice(0, 4)).toEqual([
      '需求总数',
      o.current.needs,
      o.previous.needs,
      o.current.needs - o.previous.needs,
    ]);
    expect(head.find((r) => r[0] === '问题解决率')![1]).toBe(o.current.resolutionRate);
    const times = rowsOf(wb, '办理时效');
    expect(times.find((r) => r[0] === '办结')).toEqual([
      '办结',
      o.durations.complete.count,
      o.durations.complete.median,
      o.durations.complete.p90,
    ]);
    const dist = rowsOf(wb, '需求分布');
    expect(dist).toContainEqual(['2026-02', 2]);
    expect(rowsOf(wb, '服务机构排名')).toContainEqual([expertName, '专家', 1, 1, 0, 1]);
  });

  it('is desensitised for supervisors as the overview is', async () => {
    const wb = await download(supervisor);
    const text = JSON.stringify(wb.worksheets.map((w) => rowsOf(wb, w.name)));
    expect(text).not.toContain(expertName);
    expect(text).toContain('已脱敏');
  });

  it('refuses an enterprise', async () => {
    const res = await api.app.request(`/api/stats/overview.xlsx?${PERIOD}`, { headers: { Authorization: `Bearer ${ent}` } });
    expect(res.status).toBe(403);
  });
});
