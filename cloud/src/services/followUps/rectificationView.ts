// Reading rectifications (整改): the row query, the source's label, the
// responsible party's name (a staff member's masked for supervisors, an
// expert's too), and the checks on who answers for one.
import {
  isFollowUpOverdue,
  maskName,
  RECTIFICATION_SOURCE_LABELS,
  toShanghaiDate,
  type Rectification,
  type RectificationSource,
  type RectificationState,
  type ResponsibleKind,
} from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { desensitisedFor } from './followUpView';

export interface RectificationRow {
  id: string;
  source_kind: RectificationSource;
  source_id: string;
  need_id: string | null;
  need_number: string | null;
  need_title: string | null;
  subject: string;
  responsible_kind: ResponsibleKind;
  responsible_id: string;
  responsible_name: string | null;
  responsible_name_enc: string | null;
  due_on: string;
  state: RectificationState;
  version: number;
  done_on: string | null;
  done_note: string | null;
  done_by_enc: string | null;
  done_at: Date | null;
  created_by_enc: string;
  created_at: Date;
  source_name: string | null;
}

export const RECTIFICATION_SELECT = `
  SELECT x.*, n.number AS need_number, n.title AS need_title,
         CASE x.responsible_kind
           WHEN 'institution' THEN (SELECT name FROM institutions WHERE id = x.responsible_id)
           WHEN 'expert' THEN (SELECT name FROM experts WHERE id = x.responsible_id)
         END AS responsible_name,
         CASE x.responsible_kind WHEN 'staff' THEN (SELECT name_enc FROM users WHERE id = x.responsible_id) END AS responsible_name_enc,
         CASE x.source_kind
           WHEN 'evaluation' THEN coalesce((SELECT name FROM institutions WHERE id = x.source_id), (SELECT name FROM experts WHERE id = x.source_id))
         END AS source_name
    FROM rectifications x LEFT JOIN needs n ON n.id = x.need_id`;

/** Managers keep rectifications; supervisors read them. */
export function requireRectificationReader(p: Principal): void {
  if (!has(p, 'manager') && !has(p, 'supervisor')) fail('forbidden', '只有运营管理与监督部门可以查看整改');
}

export function toRectifications(deps: Deps, rows: RectificationRow[], p: Principal): Rectification[] {
  const masked = desensitisedFor(p);
  const person = (enc: string | null) => (masked ? maskName(openName(deps.pii, enc)) : openName(deps.pii, enc));
  const today = toShanghaiDate(deps.now());
  return rows.map((r) => {
    const responsibleName =
      r.responsible_kind === 'staff'
        ? person(r.responsible_name_enc)
        : r.responsible_kind === 'expert' && masked
          ? maskName(r.responsible_name ?? '')
          : (r.responsible_name ?? '（已删除）');
    const sourceLabel =
      r.source_kind === 'evaluation'
        ? `${RECTIFICATION_SOURCE_LABELS.evaluation}${r.source_name ? `：${masked ? maskName(r.source_name) : r.source_name}` : ''}`
        : `${RECTIFICATION_SOURCE_LABELS[r.source_kind]}${r.need_number ? `：需求${r.need_number}` : ''}`;
    return {
      id: r.id,
      state: r.state,
      version: r.version,
      source: { kind: r.source_kind, id: r.source_id, label: sourceLabel },
      need: r.need_id ? { id: r.need_id, number: r.need_number ?? '', title: r.need_title ?? '' } : null,
      subject: r.subject,
      responsible: { kind: r.responsible_kind, id: r.responsible_id, name: responsibleName },
      dueOn: r.due_on,
      overdue: isFollowUpOverdue({ state: r.state === 'done' ? 'resolved' : 'open', dueOn: r.due_on }, today),
      createdAt: r.created_at.toISOString(),
      createdBy: person(r.created_by_enc),
      done:
        r.state === 'done' && r.done_on && r.done_at
          ? { on: r.done_on, note: r.done_note ?? '', by: person(r.done_by_enc), at: r.done_at.toISOString() }
          : null,
      canComplete: r.state === 'open' && has(p, 'manager'),
    };
  });
}

/** Refuses (422) a responsible party that does not exist or cannot answer for a rectification. */
export async function checkResponsible(tx: Queryable, kind: ResponsibleKind, id: string): Promise<void> {
  const sql = {
    staff: `SELECT 1 FROM users WHERE id = $1 AND roles && ARRAY['specialist', 'manager']::text[]`,
    institution: `SELECT 1 FROM institutions WHERE id = $1 AND status <> 'exited'`,
    expert: `SELECT 1 FROM experts WHERE id = $1 AND status <> 'exited'`,
  }[kind];
  const { rowCount } = await tx.query(sql, [id]);
  if (!rowCount) {
    fail(
      'rule_violation',
      {
        staff: '整改责任人须为服务专员或运营管理人员',
        institution: '没有找到该服务机构（或已退出）',
        expert: '没有找到该专家（或已退出）',
      }[kind],
    );
  }
}
