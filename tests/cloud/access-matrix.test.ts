// Who may call what: one table of every operation in the OpenAPI document ×
// every kind of caller, with the status each one gets, run against the real
// app on one fresh database with real fixtures (a need of the first
// enterprise, a task of the provider, a complaint…). An operation without a
// row fails the suite: a new route adds its row here.
//
// Columns: anonymous, the two demo enterprises, the 服务中心's specialist, a
// specialist of a 分中心 (another station's desk), the provider, the manager
// and the supervisor. A row's request is built per cell; operations that
// change what later cells would see build a fresh fixture for each cell.
import { apiPath, creditCodeCheckChar, IDEMPOTENCY_HEADER, orgCodeCheckChar, PERSONAS, PRIVACY_DOCUMENTS, type Persona } from '@qi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../cloud/src/auth/session';
import { createTestApi, needBody, newKey, STATION_OPEN_AT, type TestApi } from '../support/api';
import { APP_ID, APP_SECRET, WechatStandIn } from '../support/wechat-stand-in';
import { providerInstitutionId } from '../support/workbench';

const CALLERS = ['anonymous', 'enterprise', 'enterprise2', 'specialist', 'branchSpecialist', 'provider', 'manager', 'supervisor'] as const;
type Caller = (typeof CALLERS)[number];
/** Expected statuses, in the order of CALLERS. */
type Outcome = readonly [number, number, number, number, number, number, number, number];

interface Cell {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body (POST and PUT send `{}` when none is given). */
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}
interface Row {
  op: string;
  expect: Outcome;
  cell: (fx: Fixtures, who: Caller) => Cell | Promise<Cell>;
}
const row = (op: string, expect: Outcome, cell: Row['cell'] = () => ({})): Row => ({ op, expect, cell });

const CRON_SECRET = 'matrix-cron-secret-0123456789abcdef';
const TEMPLATE = 'matrix-need-status-template';
let wxSeq = 0;
/** A code WeChat will exchange (once) for a new user. */
function wxCode() {
  const code = `matrix-wx-code-${++wxSeq}`;
  wx.sessions.set(code, { openid: `o-matrix-${wxSeq}`, session_key: 'sk' });
  return code;
}
const BRANCH = 'SYB001';

// ---- fixtures ---------------------------------------------------------------------------------

interface Need {
  id: string;
  number: string;
  version: number;
  tasks: { id: string; version: number; assignee: { id: string } }[];
}

const wx = new WechatStandIn();
let api: TestApi;
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;

async function call(method: string, path: string, who: Caller, c: Cell = {}) {
  const headers: Record<string, string> = { ...c.headers };
  if (who !== 'anonymous') headers.authorization = `Bearer ${tokens[who]}`;
  let body: BodyInit | undefined;
  if (c.form) body = c.form;
  else if (c.body !== undefined || method === 'POST' || method === 'PUT') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.body ?? {});
  }
  const query = c.query ? `?${new URLSearchParams(c.query)}` : '';
  const res = await api.fetch(apiPath(path, c.params) + query, { method, headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* an image or a file */
  }
  return { status: res.status, body: parsed };
}

async function must(method: string, path: string, who: Caller, c: Cell, status: number) {
  const r = await call(method, path, who, c);
  expect(r.status, `${method} ${path} as ${who}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}

const newNeed = (): Promise<Need> =>
  must(
    'POST',
    '/api/needs',
    'enterprise',
    { body: needBody({ categories: ['metrology'] }), headers: { [IDEMPOTENCY_HEADER]: newKey() } },
    201,
  );
const needAct = (n: Need, who: Caller, body: Record<string, unknown>): Promise<Need> =>
  must('POST', '/api/needs/{id}/actions', who, { params: { id: n.id }, body: { version: n.version, ...body } }, 200);
const taskAct = (n: Need, who: Caller, body: Record<string, unknown>): Promise<Need> => {
  const t = n.tasks.find((x) => x.assignee.id === providerInst)!;
  return must('POST', '/api/tasks/{id}/actions', who, { params: { id: t.id }, body: { version: t.version, ...body } }, 200);
};
let providerInst: string;
/** A need of the first enterprise, accepted by the center and dispatched to the provider's institution. */
const newDispatched = async () =>
  needAct(await needAct(await newNeed(), 'specialist', { action: 'accept' }), 'specialist', {
    action: 'dispatch',
    assignees: [{ institutionId: providerInst }],
  });
const newComplaint = (need: Need) =>
  must(
    'POST',
    '/api/complaints',
    'enterprise',
    {
      body: { needId: need.id, targetKind: 'need', content: '需求受理后迟迟没有回复，希望尽快安排。' },
      headers: { [IDEMPOTENCY_HEADER]: newKey() },
    },
    201,
  );

interface Fixtures {
  /** Submitted by the first enterprise, waiting in the center's queue. */
  need: Need;
  /** Dispatched: it holds an open task of the provider. */
  dispatched: Need;
  /** Completed, inside its rating window. */
  completed: Need;
  complaint: { id: string; version: number };
  /** Uploaded by the first enterprise, not attached to anything. */
  uploadId: string;
  /** Uploaded by the manager: the title evidence of the experts the matrix creates. */
  evidenceId: string;
  /** A notification of the first enterprise. */
  notificationId: string;
  /** A station the manager created for the matrix: its edits touch no seeded station. */
  station: { id: string; code: string };
  branchStationId: string;
  fresh: { need: typeof newNeed; dispatched: typeof newDispatched; complaint: () => Promise<{ id: string; version: number }> };
}
let fx: Fixtures;

beforeAll(async () => {
  await wx.start();
  api = await createTestApi({
    CRON_SECRET,
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE_URL: wx.baseUrl,
    WECHAT_TEMPLATE_NEED_STATUS: TEMPLATE,
  });
  const all = await api.loginAll();
  for (const p of PERSONAS) tokens[p as Persona & Caller] = all[p];
  // A seeded desk of a 分中心: a specialist, but of another station than the center.
  const { rows } = await api.deps.db.query<{ id: string; station_id: string }>(
    `SELECT ss.user_id AS id, ss.station_id FROM staff_stations ss JOIN stations s ON s.id = ss.station_id WHERE s.code = $1 LIMIT 1`,
    [BRANCH],
  );
  tokens.branchSpecialist = await issueToken(rows[0]!.id, api.deps.config.sessionSecret, 3600, new Date());
  providerInst = await providerInstitutionId(api);

  const need = await newNeed();
  const dispatched = await newDispatched();
  let completed = await taskAct(await newDispatched(), 'provider', { action: 'accept' });
  completed = await taskAct(completed, 'provider', { action: 'done', result: '已出具检测方案' });
  completed = await needAct(completed, 'specialist', { action: 'complete', result: '已出具检测方案并完成咨询' });
  const complaint = await newComplaint(need);
  const form = new FormData();
  form.append('file', new File([new TextEncoder().encode('检测项目清单')], '清单.txt', { type: 'text/plain' }));
  const upload = await must('POST', '/api/uploads', 'enterprise', { form, headers: { [IDEMPOTENCY_HEADER]: newKey() } }, 201);
  const evidenceForm = new FormData();
  evidenceForm.append('file', new File([new TextEncoder().encode('职称证书')], '职称证书.txt', { type: 'text/plain' }));
  const evidence = await must('POST', '/api/uploads', 'manager', { form: evidenceForm, headers: { [IDEMPOTENCY_HEADER]: newKey() } }, 201);
  const notes = await must('GET', '/api/notifications', 'enterprise', {}, 200);
  const station = await must(
    'POST',
    '/api/stations',
    'manager',
    {
      body: {
        code: 'MTX001',
        kind: 'post',
        name: '权限矩阵测试驿站',
        address: '海口市龙华区测试路 1 号',
        location: { lat: 20.03, lng: 110.33 },
        phone: '0898-66000000',
        hours: [],
        notice: { complaintPhone: '0898-66661234' },
      },
    },
    201,
  );
  fx = {
    need,
    dispatched,
    completed,
    complaint,
    uploadId: upload.id,
    evidenceId: evidence.id,
    notificationId: notes.items[0].id,
    station: { id: station.id, code: station.code },
    branchStationId: rows[0]!.station_id,
    fresh: { need: newNeed, dispatched: newDispatched, complaint: () => newComplaint(need) },
  };
});
afterAll(async () => {
  await api?.close();
  await wx.stop();
});

// ---- the table --------------------------------------------------------------------------------

/** An enterprise caller's own profile, so saving it changes nothing. */
async function ownProfile(who: Caller) {
  if (who !== 'enterprise' && who !== 'enterprise2') return { name: '海南椰语食品有限公司', creditCode: '91460105MA5T8H3R2K' };
  const me = await must('GET', '/api/me', who, {}, 200);
  return { name: me.enterprise.name, creditCode: me.enterprise.creditCode };
}

async function stationEdit(fx: Fixtures) {
  const s = await must('GET', '/api/stations/{id}', 'anonymous', { params: { id: fx.station.id } }, 200);
  return {
    version: s.version,
    kind: s.kind,
    name: s.name,
    region: s.region,
    address: s.address,
    location: s.location,
    phone: s.phone,
    hours: s.hours,
    notice: { intro: s.notice.intro, items: s.notice.items, flow: s.notice.flow, complaintPhone: s.notice.complaintPhone },
  };
}

/** A new valid 统一社会信用代码 for each institution a cell adds. */
let creditSeq = 0;
function newCreditCode() {
  const org8 = `MX${String(++creditSeq).padStart(6, '0')}`;
  const first17 = `91460100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}
function institutionBody() {
  return {
    name: '矩阵测试检测有限公司',
    creditCode: newCreditCode(),
    categories: ['testing'],
    items: ['testing.product_testing'],
    region: '海口市',
    address: '海口市龙华区滨海大道 1 号',
    agreementDate: null,
    status: 'active',
    qualifications: [],
    contact: { name: '陈海燕', phone: '13800001234' },
  };
}
function expertBody(fx: Fixtures) {
  return {
    name: '林志远',
    title: '高级工程师',
    titleLevel: 'associate_senior',
    titleEvidence: { name: '职称证书.txt', url: `/api/uploads/${fx.evidenceId}`, size: 12, mime: 'text/plain' },
    fields: ['standardization'],
    items: [],
    organisation: '海南省标准化研究院',
    region: '海口市',
    status: 'active',
    contact: { name: '林志远', phone: '13900002345' },
  };
}
async function seedInstitutionId() {
  return (await api.deps.db.query<{ id: string }>(`SELECT id FROM institutions ORDER BY seed_key LIMIT 1`)).rows[0]!.id;
}
/** A pending 动态评价 proposal about a new institution the manager adds for it. */
async function pendingProposal() {
  const inst = await must('POST', '/api/manage/institutions', 'manager', { body: institutionBody() }, 201);
  const figures = {
    served: 0,
    completion: { met: 0, of: 0, rate: null },
    onTime: { met: 0, of: 0, rate: null },
    satisfaction: { met: 0, of: 0, rate: null },
    complaints: 0,
    declines: 0,
  };
  const { rows } = await api.deps.db.query<{ id: string }>(
    `INSERT INTO evaluation_proposals (subject_kind, subject_id, kind, from_status, to_status, figures, window_from, window_to, window_months, thresholds_version)
     VALUES ('institution', $1, 'warn', 'active', 'warned', $2::jsonb, '2025-12-01', '2026-12-01', 12, 0) RETURNING id`,
    [inst.id, JSON.stringify(figures)],
  );
  return rows[0]!.id;
}
async function seedExpertId() {
  return (await api.deps.db.query<{ id: string }>(`SELECT id FROM experts ORDER BY seed_key LIMIT 1`)).rows[0]!.id;
}
/** The record as the manager edits it, at its current version. */
async function managedEdit(kind: 'institutions' | 'experts', id: string) {
  const {
    id: _id,
    updatedAt: _u,
    contact: _c,
    ...edit
  } = await must('GET', `/api/manage/${kind}/{id}`, 'manager', { params: { id } }, 200);
  return edit;
}

/** The enterprise a need was raised by (its dossier). */
async function enterpriseOf(need: Need) {
  return (await api.deps.db.query<{ id: string }>(`SELECT enterprise_id AS id FROM needs WHERE id = $1`, [need.id])).rows[0]!.id;
}

// ---- staff accounts and enterprise members
let staffSeq = 0;
/** A throwaway account holding a staff role (or a member of the first enterprise): what the manager's edits touch. */
async function throwawayAccount(kind: 'staff' | 'member'): Promise<string> {
  const { rows } = await api.deps.db.query<{ id: string }>(
    `INSERT INTO users (openid, name_enc, roles, enterprise_id)
     VALUES ($1, $2, $3, CASE WHEN $4 THEN (SELECT enterprise_id FROM users WHERE persona = 'enterprise') END) RETURNING id`,
    [
      `o-matrix-staff-${++staffSeq}`,
      api.deps.pii.encrypt('矩阵测试账号'),
      kind === 'staff' ? ['supervisor'] : ['enterprise'],
      kind === 'member',
    ],
  );
  return rows[0]!.id;
}
const newStaffInvitation = (body: Record<string, unknown> = { roles: ['supervisor'] }) =>
  must('POST', '/api/manage/invitations', 'manager', { body: { note: '矩阵测试受邀人', ...body } }, 201);
const newMemberInvitation = () => must('POST', '/api/enterprise/invitations', 'enterprise', { body: { note: '矩阵测试同事' } }, 201);
/** An invitation granting each caller what it already holds: binding it changes nobody the other rows rely on. */
async function ownInvitation(fx: Fixtures, who: Caller): Promise<{ code: string }> {
  switch (who) {
    case 'anonymous':
      return { code: 'ABCDE-FGHJK' };
    case 'enterprise':
    case 'enterprise2':
      return newMemberInvitation();
    case 'specialist': {
      const { rows } = await api.deps.db.query<{ id: string }>(
        `SELECT ss.station_id AS id FROM staff_stations ss JOIN users u ON u.id = ss.user_id WHERE u.persona = 'specialist' LIMIT 1`,
      );
      return newStaffInvitation({ roles: ['specialist'], stationIds: [rows[0]!.id] });
    }
    case 'branchSpecialist':
      return newStaffInvitation({ roles: ['specialist'], stationIds: [fx.branchStationId] });
    case 'provider':
      return newStaffInvitation({ roles: ['provider'], institutionId: providerInst });
    default:
      return newStaffInvitation({ roles: [who] });
  }
}

/** A fresh need the center's specialist answered (completed, in its window), and its one-time rating link's token. */
async function newRatingLink(): Promise<{ needId: string; token: string }> {
  const n = await needAct(await newNeed(), 'specialist', { action: 'answer', answer: '已电话答复检定流程和所需材料。' });
  const link = await must('POST', '/api/needs/{id}/rating-link', 'specialist', { params: { id: n.id } }, 201);
  return { needId: n.id, token: link.token };
}

/** A fresh complaint of the first enterprise, walked by the manager through 确认 and 调查 to 办结. */
async function newResolvedComplaint(fx: Fixtures): Promise<{ id: string }> {
  let c = await fx.fresh.complaint();
  for (const body of [
    { action: 'acknowledge' },
    { action: 'investigate', note: '已调取办理记录。' },
    { action: 'resolve', outcome: '已处理。' },
  ]) {
    c = await must('POST', '/api/complaints/{id}/actions', 'manager', { params: { id: c.id }, body: { ...body, version: c.version } }, 200);
  }
  return c;
}

let stationSeq = 0;
const RATING = { timeliness: 'satisfied', professionalism: 'satisfied', courtesy: 'satisfied', overall: 'satisfied', resolved: true };

// One line per operation, one column per caller: kept aligned by hand so the table reads as a table.
// prettier-ignore
const MATRIX: Row[] = [
  //                                                anon  ent ent2 spec bspc prov  mgr  sup
  // ---- account
  row('POST /api/auth/wechat',                    [200, 200, 200, 200, 200, 200, 200, 200], () => ({ body: { code: wxCode() } })),
  row('POST /api/auth/dev',                       [200, 200, 200, 200, 200, 200, 200, 200], () => ({ body: { persona: 'supervisor' } })),
  row('GET /api/me',                              [401, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/privacy/consent',                 [401, 200, 200, 200, 200, 200, 200, 200]),
  row('POST /api/privacy/consent',                [401, 200, 200, 200, 200, 200, 200, 200], () => ({
    body: { privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version, channel: 'weapp' },
  })),
  row('DELETE /api/privacy/consent',              [401, 200, 200, 200, 200, 200, 200, 200]),
  row('PUT /api/me/enterprise',                   [401, 200, 200, 403, 403, 403, 403, 403], async (_, who) => ({ body: await ownProfile(who) })),
  // ---- catalogue and directory
  row('GET /api/categories',                      [200, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/institutions',                    [200, 200, 200, 200, 200, 200, 200, 200], () => ({ query: { category: 'metrology' } })),
  row('GET /api/institutions/{id}',               [200, 200, 200, 200, 200, 200, 200, 200], async () => ({ params: { id: await seedInstitutionId() } })),
  row('GET /api/experts',                         [200, 200, 200, 200, 200, 200, 200, 200], () => ({ query: { category: 'standardization' } })),
  row('GET /api/experts/{id}',                    [200, 200, 200, 200, 200, 200, 200, 200], async () => ({ params: { id: await seedExpertId() } })),
  row('GET /api/settings/time-limits',            [200, 200, 200, 200, 200, 200, 200, 200]),
  row('PUT /api/settings/time-limits',            [401, 403, 403, 403, 403, 403, 200, 403], async () => {
    const v = await must('GET', '/api/settings/time-limits', 'anonymous', {}, 200);
    return { body: { version: v.version, limits: v.limits } };
  }),
  // ---- directories kept by managers
  row('GET /api/manage/institutions',             [401, 403, 403, 403, 403, 403, 200, 403]),
  row('POST /api/manage/institutions',            [401, 403, 403, 403, 403, 403, 201, 403], () => ({ body: institutionBody() })),
  row('GET /api/manage/institutions/{id}',        [401, 403, 403, 403, 403, 403, 200, 403], async () => ({ params: { id: await seedInstitutionId() } })),
  row('PUT /api/manage/institutions/{id}',        [401, 403, 403, 403, 403, 403, 200, 403], async () => {
    const id = await seedInstitutionId();
    return { params: { id }, body: await managedEdit('institutions', id) };
  }),
  row('GET /api/manage/institutions/{id}/history',[401, 403, 403, 403, 403, 403, 200, 403], async () => ({ params: { id: await seedInstitutionId() } })),
  row('GET /api/manage/experts',                  [401, 403, 403, 403, 403, 403, 200, 403]),
  row('POST /api/manage/experts',                 [401, 403, 403, 403, 403, 403, 201, 403], (fx) => ({ body: expertBody(fx) })),
  row('GET /api/manage/experts/{id}',             [401, 403, 403, 403, 403, 403, 200, 403], async () => ({ params: { id: await seedExpertId() } })),
  row('PUT /api/manage/experts/{id}',             [401, 403, 403, 403, 403, 403, 200, 403], async (fx) => {
    const id = await seedExpertId();
    return { params: { id }, body: { ...(await managedEdit('experts', id)), titleEvidence: expertBody(fx).titleEvidence } };
  }),
  row('GET /api/manage/experts/{id}/history',     [401, 403, 403, 403, 403, 403, 200, 403], async () => ({ params: { id: await seedExpertId() } })),
  // ---- needs
  // Enterprises submit their own; staff register one at the window, naming the enterprise.
  row('POST /api/needs',                          [401, 201, 201, 201, 201, 403, 403, 403], (_, who) => ({
    body: who === 'enterprise' || who === 'enterprise2' ? needBody() : needBody({ enterprise: { name: '海南椰语食品有限公司' } }),
  })),
  row('GET /api/needs',                           [401, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/needs/counts',                    [401, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/needs/{id}',                      [401, 200, 404, 200, 404, 404, 200, 200], (fx) => ({ params: { id: fx.need.id } })),
  row('GET /api/needs/{id}/matches',              [401, 403, 404, 200, 404, 404, 200, 403], (fx) => ({ params: { id: fx.need.id } })),
  row('GET /api/needs/{id}/transfer-targets',     [401, 403, 404, 200, 404, 403, 200, 403], (fx) => ({ params: { id: fx.dispatched.id } })),
  row('GET /api/needs/{id}/qrcode.svg',           [401, 200, 404, 200, 404, 404, 200, 200], (fx) => ({ params: { id: fx.need.id } })),
  row('GET /api/needs/by-number/{number}',        [401, 200, 404, 200, 404, 404, 200, 200], (fx) => ({ params: { number: fx.need.number } })),
  row('POST /api/needs/{id}/actions',             [401, 403, 404, 200, 404, 404, 403, 403], async (fx) => ({
    params: { id: (await fx.fresh.need()).id },
    body: { action: 'accept', version: 1 },
  })),
  row('POST /api/needs/{id}/rating',              [401, 201, 404, 403, 404, 403, 403, 403], (fx) => ({ params: { id: fx.completed.id }, body: RATING })),
  row('POST /api/needs/{id}/rating-link',         [401, 403, 403, 201, 404, 403, 201, 403], async () => ({
    params: { id: (await needAct(await newNeed(), 'specialist', { action: 'answer', answer: '已答复。' })).id },
  })),
  row('GET /api/rating-links/{token}',            [200, 200, 200, 200, 200, 200, 200, 200], async () => ({ params: { token: (await newRatingLink()).token } })),
  row('POST /api/rating-links/{token}/rating',    [201, 201, 201, 201, 201, 201, 201, 201], async () => ({
    params: { token: (await newRatingLink()).token },
    body: RATING,
    headers: { [IDEMPOTENCY_HEADER]: newKey() },
  })),
  row('GET /api/rating-links/{token}/qrcode.svg', [200, 200, 200, 200, 200, 200, 200, 200], async () => ({ params: { token: (await newRatingLink()).token } })),
  row('GET /api/enterprises',                     [401, 403, 403, 200, 200, 403, 200, 403], () => ({ query: { q: '椰语' } })),
  // ---- tasks
  row('GET /api/tasks',                           [401, 403, 403, 403, 403, 200, 403, 403]),
  row('POST /api/tasks/{id}/actions',             [401, 403, 404, 403, 404, 200, 403, 403], async (fx) => {
    const n = await fx.fresh.dispatched();
    return { params: { id: n.tasks[0]!.id }, body: { action: 'accept', version: n.tasks[0]!.version } };
  }),
  // ---- stations
  row('GET /api/stations',                        [200, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/stations/{id}',                   [200, 200, 200, 200, 200, 200, 200, 200], () => ({ params: { id: BRANCH } })),
  row('GET /api/stations/{id}/qrcode.svg',        [200, 200, 200, 200, 200, 200, 200, 200], () => ({ params: { id: BRANCH } })),
  row('GET /api/stations/{id}/qrcode.png',        [200, 200, 200, 200, 200, 200, 200, 200], () => ({ params: { id: BRANCH } })),
  // At an hour the station is open (休息中 refuses a check-in); the clock is restored after each row.
  row('POST /api/stations/{id}/checkins',         [401, 201, 201, 403, 403, 403, 403, 403], () => {
    api.setNow(STATION_OPEN_AT);
    return { params: { id: BRANCH }, body: { purpose: '咨询' } };
  }),
  row('GET /api/stations/{id}/checkins',          [401, 403, 403, 403, 200, 403, 200, 403], () => ({ params: { id: BRANCH } })),
  row('GET /api/stations/{id}/checkins/mine',     [401, 200, 200, 403, 403, 403, 403, 403], () => ({ params: { id: BRANCH } })),
  row('POST /api/stations',                       [401, 403, 403, 403, 403, 403, 201, 403], async (fx) => ({
    body: { ...(await stationEdit(fx)), version: undefined, code: `MTX${String(++stationSeq + 100)}` },
  })),
  row('PUT /api/stations/{id}',                   [401, 403, 403, 403, 403, 403, 200, 403], async (fx) => ({
    params: { id: fx.station.id },
    body: await stationEdit(fx),
  })),
  row('GET /api/stations/{id}/staff',             [401, 403, 403, 403, 403, 403, 200, 403], (fx) => ({ params: { id: fx.station.id } })),
  row('PUT /api/stations/{id}/staff',             [401, 403, 403, 403, 403, 403, 200, 403], (fx) => ({ params: { id: fx.station.id }, body: { staff: [] } })),
  row('GET /api/specialists',                     [401, 403, 403, 403, 403, 403, 200, 403]),
  // ---- complaints
  row('POST /api/complaints',                     [401, 201, 404, 403, 403, 403, 403, 403], (fx) => ({
    body: { needId: fx.need.id, targetKind: 'need', content: '需求受理后迟迟没有回复，希望尽快安排。' },
  })),
  row('GET /api/complaints',                      [401, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/complaints/counts',               [401, 403, 403, 403, 403, 403, 200, 200]),
  row('GET /api/complaints/{id}',                 [401, 200, 404, 404, 404, 404, 200, 200], (fx) => ({ params: { id: fx.complaint.id } })),
  row('POST /api/complaints/{id}/actions',        [401, 403, 403, 403, 403, 403, 200, 403], async (fx) => {
    const c = await fx.fresh.complaint();
    return { params: { id: c.id }, body: { action: 'acknowledge', version: c.version } };
  }),
  row('POST /api/complaints/{id}/feedback',       [401, 200, 404, 403, 403, 403, 403, 403], async (fx) => ({
    params: { id: (await newResolvedComplaint(fx)).id },
    body: { answer: 'satisfied' },
  })),
  // ---- notifications
  row('GET /api/notifications',                   [401, 200, 200, 200, 200, 200, 200, 200]),
  row('POST /api/notifications/read-all',         [401, 200, 200, 200, 200, 200, 200, 200]),
  row('GET /api/notifications/subscriptions',     [401, 200, 200, 200, 200, 200, 200, 200]),
  row('POST /api/notifications/subscriptions',    [401, 200, 200, 200, 200, 200, 200, 200], () => ({ body: { templateId: TEMPLATE, accepted: true } })),
  row('POST /api/notifications/{id}/read',        [401, 200, 404, 404, 404, 404, 404, 404], (fx) => ({ params: { id: fx.notificationId } })),
  // ---- attachments
  row('POST /api/uploads',                        [401, 201, 201, 201, 201, 201, 201, 201], () => {
    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode('进展说明')], '说明.txt', { type: 'text/plain' }));
    return { form };
  }),
  row('GET /api/uploads/{id}',                    [401, 200, 404, 404, 404, 404, 404, 404], (fx) => ({ params: { id: fx.uploadId } })),
  row('GET /api/uploads/{id}/link',               [401, 200, 404, 404, 404, 404, 404, 404], (fx) => ({ params: { id: fx.uploadId } })),
  // A download link is its own credential: whoever follows it gets the file, whatever session they send along.
  row('GET /api/files/{id}/{name}',               [200, 200, 200, 200, 200, 200, 200, 200], async (fx) => {
    const link = await must('GET', '/api/uploads/{id}/link', 'enterprise', { params: { id: fx.uploadId } }, 200);
    const url = new URL(link.url, 'http://x');
    const [, , , id, name] = url.pathname.split('/');
    return { params: { id: id!, name: decodeURIComponent(name!) }, query: { t: url.searchParams.get('t')! } };
  }),
  // ---- working-day calendar
  row('GET /api/calendar',                        [200, 200, 200, 200, 200, 200, 200, 200]),
  row('PUT /api/calendar/years/{year}',           [401, 403, 403, 403, 403, 403, 200, 403], async () => {
    const view = await must('GET', '/api/calendar', 'anonymous', {}, 200);
    const y = view.years.find((x: { year: number }) => x.year === 2030) ?? { version: 0 };
    return {
      params: { year: '2030' },
      body: { version: y.version, year: 2030, sourceTitle: '国务院办公厅关于2030年部分节假日安排的通知', sourceDate: '2029-11-10',
        holidays: [{ name: '元旦', from: '2030-01-01', to: '2030-01-01' }], workdays: [] },
    };
  }),
  row('POST /api/calendar/import/holiday-cn',     [401, 403, 403, 403, 403, 403, 200, 403], () => ({
    body: { year: 2030, days: [{ name: '元旦', date: '2030-01-01', isOffDay: true }] },
  })),
  // ---- personal data access log
  row('GET /api/pii-access-log',                  [401, 403, 403, 403, 403, 403, 200, 200]),
  row('GET /api/stats/overview',                  [401, 403, 403, 200, 200, 403, 200, 200], () => ({ query: { from: '2026-01-01', to: '2026-12-31' } })),
  row('GET /api/stats/overview.xlsx',             [401, 403, 403, 200, 200, 403, 200, 200], () => ({ query: { from: '2026-01-01', to: '2026-12-31' } })),
  // ---- scheduler: only its secret opens it, never a session token
  row('GET /api/cron/tick',                       [401, 401, 401, 401, 401, 401, 401, 401]),
  row('POST /api/cron/tick',                      [401, 401, 401, 401, 401, 401, 401, 401]),
  // ---- archives (一项一档, 一企一档) and the half-year summary
  row('GET /api/archives',                        [401, 403, 403, 200, 200, 403, 200, 200], () => ({ query: { state: 'submitted' } })),
  row('GET /api/archives/needs/{id}',             [401, 200, 404, 200, 404, 404, 200, 200], (fx) => ({ params: { id: fx.need.id } })),
  row('GET /api/archives/needs/{id}/archive.pdf', [401, 200, 404, 200, 404, 404, 200, 200], (fx) => ({ params: { id: fx.need.id } })),
  row('POST /api/archives/needs/{id}/reviews',    [401, 403, 404, 403, 404, 404, 201, 403], (fx) => ({
    params: { id: fx.need.id },
    body: { findings: '登记表与过程记录齐全', complete: true },
  })),
  row('GET /api/archives/enterprises/{id}',       [401, 200, 404, 200, 200, 403, 200, 200], async (fx) => ({ params: { id: await enterpriseOf(fx.need) } })),
  row('GET /api/archives/enterprises/{id}/dossier.pdf', [401, 200, 404, 200, 200, 403, 200, 200], async (fx) => ({ params: { id: await enterpriseOf(fx.need) } })),
  row('GET /api/reports/half-year.pdf',           [401, 403, 403, 403, 403, 403, 200, 200], () => ({ query: { from: '2026-01-01', to: '2026-06-30' } })),
  // ---- 动态评价
  row('GET /api/evaluation/settings',             [401, 403, 403, 403, 403, 403, 200, 200]),
  row('PUT /api/evaluation/settings',             [401, 403, 403, 403, 403, 403, 200, 403], async () => {
    const v = await must('GET', '/api/evaluation/settings', 'manager', {}, 200);
    return { body: { version: v.version, thresholds: v.thresholds } };
  }),
  row('GET /api/evaluation/subjects',             [401, 403, 403, 403, 403, 403, 200, 200], () => ({ query: { kind: 'expert' } })),
  row('GET /api/evaluation/subjects/{kind}/{id}', [401, 403, 403, 403, 403, 403, 200, 200], async () => ({
    params: { kind: 'institution', id: await seedInstitutionId() },
  })),
  row('GET /api/evaluation/subjects/{kind}/{id}/evidence', [401, 403, 403, 403, 403, 403, 200, 200], async () => ({
    params: { kind: 'institution', id: providerInst },
    query: { figure: 'onTime' },
  })),
  row('GET /api/evaluation/proposals',            [401, 403, 403, 403, 403, 403, 200, 200], () => ({ query: { state: 'pending' } })),
  row('POST /api/evaluation/proposals/run',       [401, 403, 403, 403, 403, 403, 200, 403]),
  row('POST /api/evaluation/proposals/{id}/decision', [401, 403, 403, 403, 403, 403, 200, 403], async () => ({
    params: { id: await pendingProposal() },
    body: { version: 1, decision: 'reject', reason: '权限矩阵：暂不处理' },
  })),

  // ---- the improvement loop: follow-ups (owned by the center's specialist) and rectifications
  row('GET /api/follow-ups',                      [401, 403, 403, 200, 200, 403, 200, 200], (_fx, who) => ({
    query: { scope: who === 'manager' || who === 'supervisor' ? 'all' : 'mine' },
  })),
  row('GET /api/follow-ups/counts',               [401, 403, 403, 200, 200, 403, 200, 403]),
  row('GET /api/follow-ups/{id}',                 [401, 404, 404, 200, 404, 404, 200, 200], async () => ({ params: { id: (await sharedFollowUp()).id } })),
  row('POST /api/follow-ups/{id}/call-backs',     [401, 404, 404, 200, 404, 404, 200, 403], async () => {
    const f = await sharedFollowUp();
    return {
      params: { id: f.id },
      body: { version: await followUpVersion(f.id), calledAt: new Date().toISOString(), method: 'phone', note: '企业表示仍需补充检测项目。' },
    };
  }),
  row('POST /api/follow-ups/{id}/resolution',     [401, 404, 404, 200, 404, 404, 200, 403], async () => {
    const f = await newFollowUp(true);
    return { params: { id: f.id }, body: { resolution: 'explain', version: await followUpVersion(f.id), note: '已向企业解释检测标准的适用范围。' } };
  }),
  row('GET /api/rectifications',                  [401, 403, 403, 403, 403, 403, 200, 200]),
  row('POST /api/rectifications',                 [401, 403, 403, 403, 403, 403, 201, 403], async (fx) => ({
    body: await rectificationBody(fx),
  })),
  row('GET /api/rectifications/{id}',             [401, 403, 403, 403, 403, 403, 200, 200], async (fx) => ({
    params: { id: (await sharedRectification(fx)).id },
  })),
  row('POST /api/rectifications/{id}/done',       [401, 403, 403, 403, 403, 403, 200, 403], async (fx) => {
    const x = await must('POST', '/api/rectifications', 'manager', { body: await rectificationBody(fx) }, 201);
    return { params: { id: x.id }, body: { version: x.version, doneOn: shanghaiToday(), note: '已完成专项培训并归档签到表。' } };
  }),
  // ---- staff accounts (managers), binding (anyone signed in), an enterprise's members (its first member)
  row('GET /api/manage/staff',                    [401, 403, 403, 403, 403, 403, 200, 403]),
  row('PUT /api/manage/staff/{id}',               [401, 403, 403, 403, 403, 403, 200, 403], async () => ({
    params: { id: await throwawayAccount('staff') },
    body: { roles: ['supervisor'], version: 1 },
  })),
  row('POST /api/manage/staff/{id}/revoke',       [401, 403, 403, 403, 403, 403, 200, 403], async () => ({
    params: { id: await throwawayAccount('staff') },
    body: { version: 1, reason: '矩阵测试撤销' },
  })),
  row('GET /api/manage/staff-audit',              [401, 403, 403, 403, 403, 403, 200, 403]),
  row('GET /api/manage/invitations',              [401, 403, 403, 403, 403, 403, 200, 403]),
  row('POST /api/manage/invitations',             [401, 403, 403, 403, 403, 403, 201, 403], () => ({
    body: { note: '矩阵测试受邀人', roles: ['supervisor'] },
  })),
  row('POST /api/manage/invitations/{id}/withdraw', [401, 403, 403, 403, 403, 403, 200, 403], async () => ({
    params: { id: (await newStaffInvitation()).invitation.id },
  })),
  row('POST /api/invitations/bind',               [401, 422, 422, 200, 200, 200, 200, 200], async (fx, who) => ({
    body: { code: (await ownInvitation(fx, who)).code },
  })),
  row('GET /api/enterprise/members',              [401, 200, 200, 403, 403, 403, 403, 403]),
  row('POST /api/enterprise/members/{id}/remove', [401, 200, 404, 403, 403, 403, 403, 403], async () => ({
    params: { id: await throwawayAccount('member') },
  })),
  row('GET /api/enterprise/invitations',          [401, 200, 200, 403, 403, 403, 403, 403]),
  row('POST /api/enterprise/invitations',         [401, 201, 201, 403, 403, 403, 403, 403], () => ({ body: { note: '矩阵测试同事' } })),
  row('POST /api/enterprise/invitations/{id}/withdraw', [401, 200, 404, 403, 403, 403, 403, 403], async () => ({
    params: { id: (await newMemberInvitation()).invitation.id },
  })),
];

// ---- fixtures of the improvement loop ----------------------------------------------------------

/** A need the center's specialist answered and the first enterprise rated 不满意: its follow-up (called back, if asked). */
async function newFollowUp(calledBack = false): Promise<{ id: string }> {
  const n = await newNeed();
  await needAct(n, 'specialist', { action: 'answer', answer: '已告知检测项目与送检流程。' });
  await must(
    'POST',
    '/api/needs/{id}/rating',
    'enterprise',
    {
      params: { id: n.id },
      body: { timeliness: 'average', professionalism: 'dissatisfied', courtesy: 'satisfied', overall: 'dissatisfied', resolved: false },
    },
    201,
  );
  const { rows } = await api.deps.db.query<{ id: string }>('SELECT id FROM follow_ups WHERE need_id = $1', [n.id]);
  const id = rows[0]!.id;
  if (calledBack) {
    await must(
      'POST',
      '/api/follow-ups/{id}/call-backs',
      'manager',
      {
        params: { id },
        body: { version: 1, calledAt: new Date().toISOString(), method: 'visit', note: '上门回访，企业说明了未解决的问题。' },
      },
      200,
    );
  }
  return { id };
}
let followUpFixture: Promise<{ id: string }> | null = null;
const sharedFollowUp = () => (followUpFixture ??= newFollowUp());
async function followUpVersion(id: string): Promise<number> {
  const { rows } = await api.deps.db.query<{ version: number }>('SELECT version FROM follow_ups WHERE id = $1', [id]);
  return rows[0]!.version;
}
async function rectificationBody(fx: Fixtures) {
  const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM users WHERE persona = 'specialist'`);
  return {
    source: { kind: 'complaint', id: fx.complaint.id },
    subject: '对服务专员开展一次服务规范专项培训。',
    responsible: { kind: 'staff', id: rows[0]!.id },
    dueOn: '2099-06-30',
  };
}
/** Today in Shanghai (UTC+8, no daylight saving). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let rectificationFixture: Promise<{ id: string }> | null = null;
const sharedRectification = (fx: Fixtures) =>
  (rectificationFixture ??= rectificationBody(fx).then((body) => must('POST', '/api/rectifications', 'manager', { body }, 201)));

// ---- running it -------------------------------------------------------------------------------

type Doc = {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; 'x-roles'?: string[] }>>;
};
/** The roles each caller holds. */
const ROLES_OF: Record<Caller, readonly string[]> = {
  anonymous: [],
  enterprise: ['enterprise'],
  enterprise2: ['enterprise'],
  specialist: ['specialist'],
  branchSpecialist: ['specialist'],
  provider: ['provider'],
  manager: ['manager'],
  supervisor: ['supervisor'],
};
const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })));
let ops: ReturnType<typeof operationsOf> = [];
/** Operations whose document requires an Idempotency-Key: each cell sends a new one. */
let keyed = new Set<string>();
beforeAll(async () => {
  ops = operationsOf((await call('GET', '/api/openapi.json', 'anonymous')).body as Doc);
  keyed = new Set(
    ops.filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === IDEMPOTENCY_HEADER && p.required)).map((o) => o.key),
  );
});

describe('the access matrix', () => {
  it('has exactly one row for every operation in the OpenAPI document', () => {
    expect(keyed.size).toBeGreaterThan(0);
    const rows = MATRIX.map((r) => r.op);
    const opKeys = ops.map((o) => o.key);
    expect(
      opKeys.filter((o) => !rows.includes(o)),
      'operations without a row in MATRIX',
    ).toEqual([]);
    expect(
      rows.filter((o) => !opKeys.includes(o)),
      'rows for operations the document does not have',
    ).toEqual([]);
    expect(rows.length, 'one row per operation').toBe(new Set(rows).size);
  });

  it('agrees with the roles the document names: no one else succeeds, and one of them can', () => {
    const wrong: string[] = [];
    for (const { key, op } of ops) {
      const roles = op['x-roles'];
      const r = MATRIX.find((x) => x.op === key);
      if (!roles || !r) continue;
      const ok = (i: number) => r.expect[i]! < 300;
      CALLERS.forEach((who, i) => {
        if (ok(i) && !ROLES_OF[who].some((role) => roles.includes(role))) wrong.push(`${key}: ${who} succeeds without ${roles.join('/')}`);
      });
      if (!CALLERS.some((who, i) => ok(i) && ROLES_OF[who].some((role) => roles.includes(role))))
        wrong.push(`${key}: none of ${roles.join('/')} succeeds`);
    }
    expect(ops.filter(({ op }) => op['x-roles']).length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  afterEach(() => api.setNow(null));
  for (const r of MATRIX) {
    it(r.op, async () => {
      const [method, path] = r.op.split(' ') as [string, string];
      const got: number[] = [];
      const notes: string[] = [];
      for (const who of CALLERS) {
        const cell = await r.cell(fx, who);
        if (keyed.has(r.op)) {
          cell.headers = { [IDEMPOTENCY_HEADER]: newKey(), ...cell.headers };
        }
        const res = await call(method, path, who, cell);
        got.push(res.status);
        if (res.status >= 500) notes.push(`${who}: ${JSON.stringify(res.body)}`);
        else if (res.status !== r.expect[got.length - 1])
          notes.push(`${who}: ${res.body?.error?.code ?? ''} ${res.body?.error?.message ?? ''}`);
      }
      expect(got, `${r.op}\n  callers  ${CALLERS.join(' ')}\n  ${notes.join('\n  ')}`).toEqual([...r.expect]);
    });
  }
});
