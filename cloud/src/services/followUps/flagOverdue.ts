// The tick's part for the improvement loop: a follow-up past its last day
// without a resolution, and a rectification past its deadline not done, are
// flagged once each (overdue_flagged_at) to their owner or responsible staff
// member and the managers. Runs in the tick's transaction; returns how many
// notifications it wrote.
import type { Queryable } from '../../db/types';
import { notifyUsers } from '../notifications';

export async function flagImprovementOverdue(tx: Queryable, today: string, managers: readonly string[], at: Date): Promise<number> {
  let notifications = 0;
  const { rows: followUps } = await tx.query<{
    id: string;
    owner_id: string | null;
    due_on: string;
    need_id: string;
    number: string;
    title: string;
    reason: string;
  }>(
    `WITH flagged AS (
       UPDATE follow_ups SET overdue_flagged_at = $2
        WHERE state <> 'resolved' AND due_on < $1::date AND overdue_flagged_at IS NULL
        RETURNING id, owner_id, due_on, need_id, reason
     )
     SELECT f.id, f.owner_id, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.need_id, n.number, n.title, f.reason
       FROM flagged f JOIN needs n ON n.id = f.need_id ORDER BY f.due_on, f.id`,
    [today, at],
  );
  for (const f of followUps) {
    notifications += await notifyUsers(tx, [...(f.owner_id ? [f.owner_id] : []), ...managers], {
      kind: 'overdue',
      title: `已超期：回访（需求${f.number}）`,
      body: `回访处理期限 ${f.due_on}：“${f.title}”（${f.reason}）`,
      needId: f.need_id,
    });
  }
  const { rows: rectifications } = await tx.query<{
    responsible_kind: string;
    responsible_id: string;
    due_on: string;
    need_id: string | null;
    subject: string;
  }>(
    `UPDATE rectifications SET overdue_flagged_at = $2
      WHERE state = 'open' AND due_on < $1::date AND overdue_flagged_at IS NULL
      RETURNING responsible_kind, responsible_id, to_char(due_on, 'YYYY-MM-DD') AS due_on, need_id, subject`,
    [today, at],
  );
  for (const r of rectifications) {
    notifications += await notifyUsers(tx, [...(r.responsible_kind === 'staff' ? [r.responsible_id] : []), ...managers], {
      kind: 'overdue',
      title: '已超期：整改',
      body: `整改期限 ${r.due_on}：${r.subject}`,
      needId: r.need_id,
    });
  }
  return notifications;
}
