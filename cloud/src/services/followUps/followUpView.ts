// Reading follow-ups: the row query, who may see one (its owner; managers and
// supervisors every one), and the mapping to the contract's shape — staff
// names and phone numbers in free text desensitised for supervisors.
import {
  allowedFollowUpSteps,
  isFollowUpOverdue,
  maskName,
  maskPhonesInText,
  toShanghaiDate,
  type CallBackMethod,
  type FollowUp,
  type FollowUpResolution,
  type FollowUpState,
  type NeedState,
  type SatisfactionLevel,
} from '@qi/shared';
import { has, oversees } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';

export interface FollowUpRow {
  id: string;
  need_id: string;
  reason: string;
  state: FollowUpState;
  version: number;
  owner_id: string | null;
  owner_name_enc: string | null;
  due_on: string;
  resolution: FollowUpResolution | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  resolved_by_enc: string | null;
  rectification_id: string | null;
  created_at: Date;
  need_number: string;
  need_title: string;
  need_state: NeedState;
  need_station_id: string | null;
  enterprise_name: string;
  timeliness: SatisfactionLevel | null;
  professionalism: SatisfactionLevel | null;
  courtesy: SatisfactionLevel | null;
  overall: SatisfactionLevel | null;
  resolved: boolean | null;
  comment: string | null;
}

interface CallBackRow {
  id: string;
  follow_up_id: string;
  called_at: Date;
  method: CallBackMethod;
  note: string;
  recorded_by_enc: string;
  recorded_at: Date;
}

export const FOLLOW_UP_SELECT = `
  SELECT f.id, f.need_id, f.reason, f.state, f.version, f.owner_id, ow.name_enc AS owner_name_enc, f.due_on,
         f.resolution, f.resolution_note, f.resolved_at, f.resolved_by_enc, f.rectification_id, f.created_at,
         n.number AS need_number, n.title AS need_title, n.state AS need_state, n.station_id AS need_station_id,
         e.name AS enterprise_name,
         r.timeliness, r.professionalism, r.courtesy, r.overall, r.resolved, r.comment
    FROM follow_ups f
    JOIN needs n ON n.id = f.need_id
    JOIN enterprises e ON e.id = n.enterprise_id
    LEFT JOIN ratings r ON r.need_id = f.need_id
    LEFT JOIN users ow ON ow.id = f.owner_id`;

/** Supervisors oversee; they read follow-ups desensitised and act on none. */
export const desensitisedFor = (p: Principal): boolean => !has(p, 'manager') && has(p, 'supervisor');

/** Who the caller is to a follow-up. */
export const followUpActor = (p: Principal, r: { owner_id: string | null }) => ({
  isOwner: r.owner_id === p.id,
  isManager: has(p, 'manager'),
});

export async function toFollowUps(deps: Deps, tx: Queryable, rows: FollowUpRow[], p: Principal): Promise<FollowUp[]> {
  if (!rows.length) return [];
  const masked = desensitisedFor(p);
  const name = (enc: string | null) => {
    const n = openName(deps.pii, enc);
    return masked ? maskName(n) : n;
  };
  const text = (t: string) => (masked ? maskPhonesInText(t) : t);
  const today = toShanghaiDate(deps.now());
  const { rows: calls } = await tx.query<CallBackRow>(
    'SELECT * FROM follow_up_callbacks WHERE follow_up_id = ANY($1::uuid[]) ORDER BY called_at, recorded_at, id',
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => {
    const actor = followUpActor(p, r);
    return {
      id: r.id,
      state: r.state,
      version: r.version,
      reason: r.reason,
      need: { id: r.need_id, number: r.need_number, title: r.need_title, state: r.need_state, enterpriseName: r.enterprise_name },
      rating:
        r.overall === null
          ? null
          : {
              timeliness: r.timeliness!,
              professionalism: r.professionalism!,
              courtesy: r.courtesy!,
              overall: r.overall,
              resolved: r.resolved!,
              comment: r.comment === null ? null : text(r.comment),
            },
      owner: r.owner_id ? { id: r.owner_id, name: name(r.owner_name_enc) } : null,
      dueOn: r.due_on,
      overdue: isFollowUpOverdue({ state: r.state, dueOn: r.due_on }, today),
      createdAt: r.created_at.toISOString(),
      callBacks: calls
        .filter((c) => c.follow_up_id === r.id)
        .map((c) => ({
          id: c.id,
          calledAt: c.called_at.toISOString(),
          method: c.method,
          note: text(c.note),
          recordedBy: name(c.recorded_by_enc),
          recordedAt: c.recorded_at.toISOString(),
        })),
      resolution:
        r.resolution && r.resolved_at
          ? {
              kind: r.resolution,
              note: text(r.resolution_note ?? ''),
              at: r.resolved_at.toISOString(),
              by: name(r.resolved_by_enc),
              rectificationId: r.rectification_id,
            }
          : null,
      allowed: masked ? { callBack: false, resolutions: [] } : allowedFollowUpSteps(r.state, actor),
    };
  });
}

/** May the caller see this follow-up: its owner, or oversight. */
export const seesFollowUp = (p: Principal, r: { owner_id: string | null }): boolean => oversees(p) || r.owner_id === p.id;

/** The follow-up as the caller may see it (404 otherwise), locked when it is about to change. */
export async function visibleFollowUp(tx: Queryable, p: Principal, id: string, forUpdate = false): Promise<FollowUpRow> {
  if (forUpdate) await tx.query('SELECT 1 FROM follow_ups WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await tx.query<FollowUpRow>(`${FOLLOW_UP_SELECT} WHERE f.id = $1`, [id]);
  const r = rows[0];
  if (!r || !seesFollowUp(p, r)) fail('not_found', '没有找到该回访，或您无权查看');
  return r!;
}

export async function loadFollowUp(deps: Deps, tx: Queryable, p: Principal, id: string): Promise<FollowUp> {
  const { rows } = await tx.query<FollowUpRow>(`${FOLLOW_UP_SELECT} WHERE f.id = $1`, [id]);
  return (await toFollowUps(deps, tx, rows, p))[0]!;
}
