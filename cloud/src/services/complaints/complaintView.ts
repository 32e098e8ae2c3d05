// Reading complaints: the row query, who may see one, and the mapping to the
// contract's shape with names masked or logged as the viewer requires; and
// the complaint's event row, written with every change of state.
import {
  maskName,
  type ComplaintDetail,
  type ComplaintFeedbackAnswer,
  type ComplaintState,
  type ComplaintTarget,
  type NotificationKind,
} from '@qi/shared';
import { administers, oversees } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';

/** In-app notifications about complaints. */
export const COMPLAINT_KIND: NotificationKind = 'complaint';

export interface ComplaintRow {
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
  /** The enterprise of the need complained about, and the complainant's: its members see the complaint too. */
  need_enterprise_id: string | null;
  complainant_enterprise_id: string | null;
  complainant_name_enc: string | null;
  complainant_enterprise: string | null;
  content: string;
  state: ComplaintState;
  version: number;
  outcome: string | null;
  feedback: ComplaintFeedbackAnswer | null;
  feedback_note: string | null;
  feedback_at: Date | null;
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

export const COMPLAINT_SELECT = `
  SELECT c.*, n.number AS need_number, n.title AS need_title,
         n.enterprise_id AS need_enterprise_id, u.enterprise_id AS complainant_enterprise_id,
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
export async function withEvents(deps: Deps, tx: Queryable, rows: ComplaintRow[], viewer: Principal | null): Promise<ComplaintDetail[]> {
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
    feedback: r.feedback && r.feedback_at ? { answer: r.feedback, note: r.feedback_note, at: r.feedback_at.toISOString() } : null,
    canGiveFeedback: viewer !== null && mayGiveFeedback(viewer, r) === null,
    events: events
      .filter((e) => e.complaint_id === r.id)
      .map((e) => ({ at: e.at.toISOString(), actorName: nameOf(r, e.actor_name_enc), from: e.from_state, to: e.to_state, note: e.note })),
  }));
}

/**
 * Why `p` may not answer the complaint's outcome now, or null when it may:
 * only its complainant (an enterprise account), once resolved, once.
 */
export function mayGiveFeedback(
  p: Principal,
  r: Pick<ComplaintRow, 'user_id' | 'state' | 'feedback'>,
): { code: 'forbidden' | 'transition_not_allowed' | 'duplicate'; message: string } | null {
  if (!p.roles.includes('enterprise') || r.user_id !== p.id) return { code: 'forbidden', message: '只有投诉人本人可以评价处理结果' };
  if (r.state !== 'resolved') return { code: 'transition_not_allowed', message: '投诉办结后才能评价处理结果' };
  if (r.feedback) return { code: 'duplicate', message: '您已评价过本次处理结果，不能重复提交' };
  return null;
}

export const canHandle = administers;
export const canOversee = oversees;

export async function writeComplaintEvent(
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

export async function visibleComplaint(tx: Queryable, p: Principal, id: string, forUpdate = false): Promise<ComplaintRow> {
  if (forUpdate) await tx.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.id = $1`, [id]);
  const r = rows[0];
  if (!r || (!ownComplaint(p, r) && !canOversee(p))) fail('not_found', '没有找到该投诉，或您无权查看');
  return r!;
}

/**
 * The complainant's own, or one of its enterprise's: every member of an
 * enterprise sees the complaints about its needs and those its colleagues made.
 */
export function ownComplaint(p: Principal, r: Pick<ComplaintRow, 'user_id' | 'need_enterprise_id' | 'complainant_enterprise_id'>): boolean {
  if (r.user_id === p.id) return true;
  const e = p.roles.includes('enterprise') ? p.enterpriseId : null;
  return e !== null && (r.need_enterprise_id === e || r.complainant_enterprise_id === e);
}

/** A complaint with what it is about (for the tick's reminders). */
export async function loadComplaint(deps: Deps, tx: Queryable, id: string): Promise<ComplaintDetail | null> {
  const { rows } = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.id = $1`, [id]);
  return (await withEvents(deps, tx, rows, null))[0] ?? null;
}
