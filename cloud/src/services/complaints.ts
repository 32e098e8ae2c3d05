// Complaints (GB/T 19012): a complainant files one against a need, a provider
// or a staff member; managers acknowledge, investigate and resolve it; the
// complainant sees every step and the outcome. Each use case is one transaction.
import {
  COMPLAINT_STATE_LABELS,
  COMPLAINT_STEPS,
  COMPLAINT_TARGET_LABELS,
  complaintDeadlines,
  maskName,
  toShanghaiDate,
  type ComplaintActionInput,
  type ComplaintDetail,
  type ComplaintInput,
  type ComplaintState,
  type ComplaintTarget,
  type NotificationKind,
} from '@qi/shared';
import { actorsOn, has } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { openName } from '../pii';
import { loadNeedRow, loadTimeLimits } from './needView';
import { managerIds, notifyUsers } from './notifications';
import { loadCalendar } from './calendar';

/** In-app notifications about complaints. */
const COMPLAINT_KIND: NotificationKind = 'complaint';

interface ComplaintRow {
  id: string;
  need_id: string | null;
  need_number: string | null;
  need_title: string | null;
  target_kind: ComplaintTarget;
  target_id: string | null;
  target_name: string | null;
  /** A complaint about a staff member: that person's name, encrypted. */
  target_name_enc: string | null;
  user_id: string;
  complainant_name_enc: string | null;
  complainant_enterprise: string | null;
  content: string;
  state: ComplaintState;
  version: number;
  outcome: string | null;
  acknowledge_by: string;
  resolve_by: string;
  created_at: Date;
  updated_at: Date;
  idempotency_key: string | null;
}

interface EventRow {
  complaint_id: string;
  at: Date;
  actor_name_enc: string | null;
  actor_id: string | null;
  from_state: ComplaintState | null;
  to_state: ComplaintState;
  note: string | null;
}

const SELECT = `
  SELECT c.*, n.number AS need_number, n.title AS need_title,
         u.name_enc AS complainant_name_enc, (SELECT name FROM enterprises WHERE id = u.enterprise_id) AS complainant_enterprise,
         CASE c.target_kind
           WHEN 'need' THEN n.number || ' ' || n.title
           WHEN 'provider' THEN coalesce((SELECT name FROM institutions WHERE id = c.target_id), (SELECT name FROM experts WHERE id = c.target_id))
         END AS target_name,
         CASE c.target_kind WHEN 'staff' THEN (SELECT name_enc FROM users WHERE id = c.target_id) END AS target_name_enc
    FROM complaints c JOIN users u ON u.id = c.user_id LEFT JOIN needs n ON n.id = c.need_id`;

/**
 * The complaints with their handling records, as `viewer` may see them.
 * People's names (the complainant, the staff member complained about, who
 * signed each step) are in clear for the complainant and the managers
 * handling it — a manager's read is logged in pii_access_log — and masked for
 * a supervisor (oversight, not service). No viewer: the system's own use,
 * for texts it stores (reminders), so masked too.
 */
async function withEvents(deps: Deps, tx: Queryable, rows: ComplaintRow[], viewer: Principal | null): Promise<ComplaintDetail[]> {
  if (!rows.length) return [];
  const masked = (r: ComplaintRow) => viewer === null || (viewer.id !== r.user_id && !canHandle(viewer));
  const nameOf = (r: ComplaintRow, enc: string | null) => {
    const name = openName(deps.pii, enc);
    return masked(r) ? maskName(name) : name;
  };
  const { rows: events } = await tx.query<EventRow>('SELECT * FROM complaint_events WHERE complaint_id = ANY($1::uuid[]) ORDER BY at, id', [
    rows.map((r) => r.id),
  ]);
  const audited = viewer ? rows.filter((r) => r.user_id !== viewer.id && !masked(r)).map((r) => r.id) : [];
  if (viewer && audited.length) {
    await tx.query(
      `INSERT INTO pii_access_log (user_id, subject_kind, subject_id, purpose) SELECT $1, 'complaint', unnest($2::uuid[]), $3`,
      [viewer.id, audited, 'complaint_handling'],
    );
  }
  return rows.map((r) => ({
    id: r.id,
    needId: r.need_id,
    targetKind: r.target_kind,
    targetId: r.target_id,
    targetName: r.target_kind === 'staff' ? (r.target_name_enc ? nameOf(r, r.target_name_enc) : null) : r.target_name,
    need: r.need_id ? { id: r.need_id, number: r.need_number ?? '', title: r.need_title ?? '' } : null,
    complainant: { name: nameOf(r, r.complainant_name_enc), enterpriseName: r.complainant_enterprise },
    content: r.content,
    state: r.state,
    version: r.version,
    outcome: r.outcome,
    acknowledgeBy: r.acknowledge_by,
    resolveBy: r.resolve_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    events: events
      .filter((e) => e.complaint_id === r.id)
      .map((e) => ({ at: e.at.toISOString(), actorName: nameOf(r, e.actor_name_enc), from: e.from_state, to: e.to_state, note: e.note })),
  }));
}

const canHandle = (p: Principal) => has(p, 'manager');
const canOversee = (p: Principal) => has(p, 'manager') || has(p, 'supervisor');

async function writeEvent(
  tx: Queryable,
  complaintId: string,
  p: Principal,
  from: ComplaintState | null,
  to: ComplaintState,
  note: string | null,
  at: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_events (complaint_id, at, actor_id, actor_name_enc, from_state, to_state, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [complaintId, at, p.id, p.nameEnc, from, to, note],
  );
}

/** Checks what the complaint is about, as the complainant may name it. */
async function checkTarget(tx: Queryable, p: Principal, input: ComplaintInput): Promise<string | null> {
  let need = null;
  if (input.needId) {
    need = await loadNeedRow(tx, input.needId);
    const mine =
      need &&
      actorsOn(p, {
        enterpriseId: need.enterprise_id,
        stationId: need.station_id,
        ownerId: need.owner_id,
        taskInstitutionIds: need.task_institution_ids,
        taskExpertIds: need.task_expert_ids,
      }).includes('enterprise');
    if (!mine) fail('not_found', '没有找到该需求，或您无权查看');
  }
  switch (input.targetKind) {
    case 'need':
      return null;
    case 'provider': {
      const id = input.targetId!;
      if (need) {
        if (!need.task_institution_ids.includes(id) && !need.task_expert_ids.includes(id)) {
          fail('rule_violation', '所选服务机构或专家没有承办该需求');
        }
      } else {
        const { rowCount } = await tx.query('SELECT 1 FROM institutions WHERE id = $1 UNION ALL SELECT 1 FROM experts WHERE id = $1', [id]);
        if (!rowCount) fail('rule_violation', '所选服务机构或专家不存在');
      }
      return id;
    }
    case 'staff': {
      const id = input.targetId ?? need?.owner_id ?? null;
      if (input.targetId) {
        const { rows } = await tx.query<{ roles: string[] }>('SELECT roles FROM users WHERE id = $1', [id]);
        const staff = rows[0]?.roles.some((r) => r === 'specialist' || r === 'manager');
        if (!staff) fail('rule_violation', '所选人员不是服务人员');
        const served = !need || [need.owner_id, need.recorder_id, need.reviewer_id].includes(id);
        if (!served) fail('rule_violation', '所选服务人员没有经办该需求');
      }
      return id;
    }
  }
}

export async function createComplaint(
  deps: Deps,
  p: Principal,
  input: ComplaintInput,
  idempotencyKey: string,
): Promise<{ complaint: ComplaintDetail; replayed: boolean }> {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以提交投诉');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const prior = await tx.query<ComplaintRow>(`${SELECT} WHERE c.user_id = $1 AND c.idempotency_key = $2`, [p.id, idempotencyKey]);
    if (prior.rows[0]) {
      const r = prior.rows[0];
      const same = r.content === input.content && r.target_kind === input.targetKind && r.need_id === (input.needId ?? null);
      if (!same) fail('idempotency_key_reused');
      return { complaint: (await withEvents(deps, tx, [r], p))[0]!, replayed: true };
    }
    const targetId = await checkTarget(tx, p, input);
    const limits = await loadTimeLimits(tx);
    const d = complaintDeadlines(toShanghaiDate(now), limits, await loadCalendar(deps, tx));
    // A concurrent retry with the same key waits on the unique index, then finds nothing to insert.
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO complaints (need_id, target_kind, target_id, user_id, content, acknowledge_by, resolve_by,
                               idempotency_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
      [input.needId ?? null, input.targetKind, targetId, p.id, input.content, d.acknowledgeBy, d.resolveBy, idempotencyKey, now],
    );
    if (!inserted.rows[0]) {
      const again = await tx.query<ComplaintRow>(`${SELECT} WHERE c.user_id = $1 AND c.idempotency_key = $2`, [p.id, idempotencyKey]);
      return { complaint: (await withEvents(deps, tx, again.rows, p))[0]!, replayed: true };
    }
    const id = inserted.rows[0].id;
    await writeEvent(tx, id, p, null, 'received', null, now);
    await notifyUsers(tx, await managerIds(tx), {
      kind: COMPLAINT_KIND,
      title: `新投诉：${COMPLAINT_TARGET_LABELS[input.targetKind]}`,
      // Stored text: the name masked (the complaint itself shows it to its handlers).
      body: `${maskName(openName(deps.pii, p.nameEnc))}提交了投诉，请于 ${d.acknowledgeBy} 前确认、${d.resolveBy} 前办结。`,
      needId: input.needId ?? null,
    });
    const { rows } = await tx.query<ComplaintRow>(`${SELECT} WHERE c.id = $1`, [id]);
    return { complaint: (await withEvents(deps, tx, rows, p))[0]!, replayed: false };
  });
}

/**
 * The caller's own complaints, newest first; managers and supervisors may ask
 * for all: open ones first, so none waiting drops off behind newer resolved ones.
 */
export async function listComplaints(deps: Deps, p: Principal, scope: 'mine' | 'all'): Promise<ComplaintDetail[]> {
  if (scope === 'all' && !canOversee(p)) fail('forbidden', '只有运营管理或监督部门可以查看全部投诉');
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<ComplaintRow>(
      scope === 'all'
        ? `${SELECT} ORDER BY c.state = 'resolved', c.created_at DESC, c.id DESC LIMIT 200`
        : `${SELECT} WHERE c.user_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 200`,
      scope === 'all' ? [] : [p.id],
    );
    return withEvents(deps, tx, rows, p);
  });
}

/** How many complaints are not yet resolved (managers and supervisors). */
export async function countOpenComplaints(deps: Deps, p: Principal): Promise<{ open: number }> {
  if (!canOversee(p)) fail('forbidden', '只有运营管理或监督部门可以查看全部投诉');
  const { rows } = await deps.db.query<{ open: number }>(`SELECT count(*)::int AS open FROM complaints WHERE state <> 'resolved'`);
  return { open: rows[0]!.open };
}

async function visibleComplaint(tx: Queryable, p: Principal, id: string, forUpdate = false): Promise<ComplaintRow> {
  if (forUpdate) await tx.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await tx.query<ComplaintRow>(`${SELECT} WHERE c.id = $1`, [id]);
  const r = rows[0];
  if (!r || (r.user_id !== p.id && !canOversee(p))) fail('not_found', '没有找到该投诉，或您无权查看');
  return r!;
}

/** A complaint with what it is about (for the tick's reminders). */
export async function loadComplaint(deps: Deps, tx: Queryable, id: string): Promise<ComplaintDetail | null> {
  const { rows } = await tx.query<ComplaintRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return (await withEvents(deps, tx, rows, null))[0] ?? null;
}

export async function getComplaint(deps: Deps, p: Principal, id: string): Promise<ComplaintDetail> {
  return deps.db.transaction(async (tx) => (await withEvents(deps, tx, [await visibleComplaint(tx, p, id)], p))[0]!);
}

/** A manager's handling step; the complainant is told of each. */
export async function actOnComplaint(deps: Deps, p: Principal, id: string, input: ComplaintActionInput): Promise<ComplaintDetail> {
  if (!canHandle(p)) fail('forbidden', '只有运营管理人员可以处理投诉');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await visibleComplaint(tx, p, id, true);
    if (input.version !== r.version) fail('version_conflict', '该投诉已被他人处理，请刷新后再操作');
    const step = COMPLAINT_STEPS[input.action];
    if (!step.from.includes(r.state)) {
      fail(
        'transition_not_allowed',
        `投诉当前为“${COMPLAINT_STATE_LABELS[r.state]}”，不能再${input.action === 'resolve' ? '办结' : '执行此步骤'}`,
      );
    }
    const note = input.action === 'resolve' ? input.outcome : (input.note ?? null);
    await tx.query(
      `UPDATE complaints SET state = $2, outcome = coalesce($3, outcome), updated_at = $4, version = version + 1 WHERE id = $1`,
      [r.id, step.to, input.action === 'resolve' ? input.outcome : null, now],
    );
    await writeEvent(tx, r.id, p, r.state, step.to, note, now);
    await notifyUsers(tx, [r.user_id], {
      kind: COMPLAINT_KIND,
      title: `您的投诉${COMPLAINT_STATE_LABELS[step.to]}`,
      body: input.action === 'resolve' ? `处理结果：${input.outcome}` : `投诉处理进度已更新为“${COMPLAINT_STATE_LABELS[step.to]}”。`,
      needId: r.need_id,
    });
    const { rows } = await tx.query<ComplaintRow>(`${SELECT} WHERE c.id = $1`, [r.id]);
    return (await withEvents(deps, tx, rows, p))[0]!;
  });
}
