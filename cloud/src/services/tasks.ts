// Providers' tasks: the caller's list (its institution's, or its own as an
// expert) and the task actions — accept, decline (with reason), progress notes
// the enterprise sees, done (result and attachments) — and the serving
// specialist's cancel. Each action is one transaction that locks the need,
// then the task, writes one event on the need's record and tells who needs to know.
import {
  decideTaskAction,
  OPEN_TASK_STATES,
  TASK_ACTION_LABELS,
  toShanghaiDate,
  type NeedDetail,
  type TaskActionInput,
  type TaskListItem,
  type TaskListQuery,
  type TaskPage,
  type TaskState,
} from '@qi/shared';
import { actorsOnTask, has, ownershipRefusal } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { is, isIn, newestFirst, Params } from '../db/sql';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { openName } from '../pii';
import { visibleNeed, writeNeedEvent } from './needs';
import {
  loadNeedRow,
  loadTimeLimits,
  needActors,
  TASK_COLUMNS,
  TASK_FROM,
  TASK_SELECT,
  toDetail,
  toTask,
  type NeedRow,
  type TaskRow,
} from './needView';
import { enterpriseUserIds, needOwnerIds, notifyUsers, taskProviderIds } from './notifications';
import { loadCalendar } from './calendar';

// ---- the provider's list ------------------------------------------------------------

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

function requireProvider(p: Principal): void {
  if (!has(p, 'provider') || (!p.institutionId && !p.expertId)) {
    fail('forbidden', '只有服务机构或专家账号可以查看服务任务');
  }
}

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
    const limits = await loadTimeLimits(tx);
    const cal = await loadCalendar(deps, tx);
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

// ---- task actions ------------------------------------------------------------------

export async function actOnTask(deps: Deps, p: Principal, taskId: string, input: TaskActionInput): Promise<NeedDetail> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const found = await tx.query<{ need_id: string }>('SELECT need_id FROM tasks WHERE id = $1', [taskId]);
    if (!found.rows[0]) fail('not_found', '没有找到该服务任务，或您无权查看');
    // Need first, then task: the same lock order as need actions (dispatch inserts tasks).
    const need = await visibleNeed(tx, p, found.rows[0]!.need_id, true);
    await tx.query('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
    const task = (await tx.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [taskId])).rows[0]!;
    if (input.version !== task.version) fail('version_conflict', '该任务已被他人更新，请刷新后再操作');

    const onNeed = needActors(p, need);
    const actors = actorsOnTask(p, onNeed, { institutionId: task.institution_id, expertId: task.expert_id });
    // Someone who sees the need but holds no part in the task (another provider of a joint team).
    if (!actors.length) fail('forbidden', '只有承接该任务的机构或专家可以操作此任务');
    const decision = decideTaskAction(task.state, input.action, actors);
    if (!decision.ok) fail(decision.reason === 'role' ? 'forbidden' : 'transition_not_allowed', decision.message);
    const to = (decision as { to: TaskRow['state'] }).to;
    const role = input.action === 'cancel' ? 'specialist' : 'provider';
    if (role === 'specialist') {
      const refusal = ownershipRefusal(p, role, 'dispatch', { id: need.owner_id, name: openName(deps.pii, need.owner_name_enc) || null });
      if (refusal) fail('forbidden', refusal);
    }

    const set: Record<string, unknown> = {};
    let note: string;
    let internal = false;
    const who = task.assignee_name;
    const owners = await needOwnerIds(tx, need);
    const enterprise = await enterpriseUserIds(tx, need.enterprise_id);
    const tell = (userIds: string[], title: string, body: string) =>
      notifyUsers(tx, userIds, { kind: 'task_update', title, body, needId: need.id, taskId }, p.id);

    switch (input.action) {
      case 'accept':
        set.responded_at = now;
        note = `${who}已接单`;
        await tell(owners, `任务已接单：需求${need.number}`, note);
        await tell(enterprise, `需求${need.number}：服务机构已接单`, `${who}已接受您的需求“${need.title}”，将与您联系。`);
        break;
      case 'decline':
        set.responded_at = now;
        set.decline_reason = input.reason;
        note = `${who}拒绝了任务：${input.reason}`;
        // Why a provider declined is the platform's business, not the enterprise's.
        internal = true;
        await tell(owners, `任务被拒绝，请重新派单：需求${need.number}`, note);
        break;
      case 'progress':
        note = `${who}：${input.note}`;
        await tell(owners, `服务进展：需求${need.number}`, note);
        await tell(enterprise, `需求${need.number}：服务进展`, note);
        break;
      case 'done':
        set.done_at = now;
        set.result = input.result;
        set.attachments = JSON.stringify(input.attachments ?? []);
        note = `${who}已完成服务：${input.result}`;
        await tell(owners, `任务已完成：需求${need.number}`, note);
        await tell(enterprise, `需求${need.number}：服务已完成`, note);
        break;
      case 'cancel':
        set.cancel_reason = input.reason;
        note = `取消${who}的任务：${input.reason}`;
        internal = true;
        await tell(await taskProviderIds(tx, task.institution_id, task.expert_id), `任务已取消：需求${need.number}`, input.reason);
        break;
    }

    const cols = Object.keys(set);
    const updated = await tx.query(
      `UPDATE tasks SET state = $2, version = version + 1, updated_at = $3${cols.map((c, i) => `, ${c} = $${i + 5}`).join('')}
        WHERE id = $1 AND version = $4`,
      [task.id, to, now, task.version, ...cols.map((c) => set[c])],
    );
    if (updated.rowCount !== 1) fail('version_conflict', '该任务已被他人更新，请刷新后再操作');
    // The need's record changed: a view of it read before this is stale.
    await tx.query('UPDATE needs SET version = version + 1, updated_at = $2 WHERE id = $1', [need.id, now]);
    await writeNeedEvent(tx, need.id, {
      by: p,
      role,
      action: `task_${input.action}`,
      from: need.state,
      to: need.state,
      note,
      at: now,
      data: { taskId: task.id, action: TASK_ACTION_LABELS[input.action] },
      internal,
    });
    return toDetail(deps, tx, p, (await loadNeedRow(tx, need.id))!);
  });
}
