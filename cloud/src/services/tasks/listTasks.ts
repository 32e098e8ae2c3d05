// The provider's task list: its institution's tasks, or its own as an expert,
// newest first, cursor-paged, with the counts behind the filter chips.
import { OPEN_TASK_STATES, toShanghaiDate, type TaskListItem, type TaskListQuery, type TaskPage, type TaskState } from '@qi/shared';
import { requireProvider } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { is, isIn, newestFirst, Params } from '../../db/sql';
import type { Deps } from '../../deps';
import { loadClockRules, type NeedRow } from '../needView';
import { TASK_COLUMNS, TASK_FROM, toTask, type TaskRow } from '../taskView';

interface TaskListRow extends TaskRow {
  need_number: string;
  need_title: string;
  need_state: NeedRow['state'];
  need_categories: NeedRow['categories'];
  need_reply_by: string;
  enterprise_id: string;
  enterprise_name: string;
}

/** The provider's list: newest assignment first. */
const LIST_ORDER = newestFirst<TaskListRow>('t', 'assigned_at', (r) => r.assigned_at);

export async function listTasks(deps: Deps, p: Principal, q: TaskListQuery): Promise<TaskPage> {
  requireProvider(p);
  const today = toShanghaiDate(deps.now());
  const params = new Params(p.institutionId, p.expertId);
  const mine = '(t.institution_id = $1 OR t.expert_id = $2)';
  const where = [mine];
  if (q.state === 'open') where.push(isIn('t.state', OPEN_TASK_STATES));
  else if (q.state) where.push(`t.state = ${params.add(q.state)}`);
  const after = LIST_ORDER.after(params, q.cursor);
  if (after) where.push(after);
  return deps.db.transaction(async (tx) => {
    const { limits, cal } = await loadClockRules(deps, tx);
    const { rows } = await tx.query<TaskListRow>(
      `SELECT ${TASK_COLUMNS}, n.number AS need_number, n.title AS need_title, n.state AS need_state, n.categories AS need_categories,
              n.reply_by AS need_reply_by, n.enterprise_id, e.name AS enterprise_name
         ${TASK_FROM} JOIN needs n ON n.id = t.need_id JOIN enterprises e ON e.id = n.enterprise_id
        WHERE ${where.join(' AND ')} ORDER BY ${LIST_ORDER.orderBy} ${LIST_ORDER.limit(params, q.limit)}`,
      params.values,
    );
    const assigned = is('t.state', 'assigned' satisfies TaskState);
    const accepted = is('t.state', 'accepted' satisfies TaskState);
    const counts = await tx.query<{ open: number; assigned: number; accepted: number; overdue: number }>(
      `SELECT count(*) FILTER (WHERE ${isIn('t.state', OPEN_TASK_STATES)})::int AS open,
              count(*) FILTER (WHERE ${assigned})::int AS assigned,
              count(*) FILTER (WHERE ${accepted})::int AS accepted,
              count(*) FILTER (WHERE (${assigned} AND t.accept_by < $3::date)
                                  OR (${accepted} AND n.reply_by < $3::date))::int AS overdue
         FROM tasks t JOIN needs n ON n.id = t.need_id WHERE ${mine}`,
      [p.institutionId, p.expertId, today],
    );
    const { page, nextCursor } = LIST_ORDER.page(rows, q.limit);
    return {
      items: page.map((t): TaskListItem => ({
        // The caller holds the task, so it is a provider on its need.
        ...toTask(deps, p, ['provider'], t, t.need_reply_by, today, limits, cal),
        need: {
          id: t.need_id,
          number: t.need_number,
          title: t.need_title,
          state: t.need_state,
          categories: t.need_categories,
          enterprise: { id: t.enterprise_id, name: t.enterprise_name },
          replyBy: t.need_reply_by,
        },
      })),
      nextCursor,
      counts: counts.rows[0]!,
    };
  });
}
