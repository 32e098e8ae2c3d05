// A task action — the provider's accept, decline, progress note or done, the
// serving specialist's cancel. Access first (the need visible, then the task,
// locked in that order as dispatch locks them; the current version; a capacity
// the task's state machine accepts), then the task's state, the need's version
// and one event on the need's record in one transaction, with who needs to know told.
import { decideTaskAction, TASK_ACTION_LABELS, type NeedDetail, type TaskActionInput, type TaskState } from '@qi/shared';
import { actorsOnTask, ownershipRefusal } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { visibleNeed, writeNeedEvent } from '../needs';
import { loadNeedRow, needActors, toDetail } from '../needView';
import { TASK_SELECT, type TaskRow } from '../taskView';
import { enterpriseUserIds, needOwnerIds, notifyUsers, taskProviderIds } from '../notifications';
import { taskEffectOf, type Audience } from './taskEffects';

const STALE = '该任务已被他人更新，请刷新后再操作';

export async function actOnTask(deps: Deps, p: Principal, taskId: string, input: TaskActionInput): Promise<NeedDetail> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const found = await tx.query<{ need_id: string }>('SELECT need_id FROM tasks WHERE id = $1', [taskId]);
    if (!found.rows[0]) fail('not_found', '没有找到该服务任务，或您无权查看');
    // Need first, then task: the same lock order as need actions (dispatch inserts tasks).
    const need = await visibleNeed(tx, p, found.rows[0]!.need_id, true);
    await tx.query('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
    const task = (await tx.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [taskId])).rows[0]!;
    if (input.version !== task.version) fail('version_conflict', STALE);

    const onNeed = needActors(p, need);
    const actors = actorsOnTask(p, onNeed, { institutionId: task.institution_id, expertId: task.expert_id });
    // Someone who sees the need but holds no part in the task (another provider of a joint team).
    if (!actors.length) fail('forbidden', '只有承接该任务的机构或专家可以操作此任务');
    const decision = decideTaskAction(task.state, input.action, actors);
    if (!decision.ok) fail(decision.reason === 'role' ? 'forbidden' : 'transition_not_allowed', decision.message);
    const to: TaskState = decision.ok ? decision.to : task.state;
    const role = input.action === 'cancel' ? 'specialist' : 'provider';
    if (role === 'specialist') {
      const refusal = ownershipRefusal(p, role, 'dispatch', { id: need.owner_id, name: openName(deps.pii, need.owner_name_enc) || null });
      if (refusal) fail('forbidden', refusal);
    }

    const effect = taskEffectOf({ now, who: task.assignee_name, needNumber: need.number, needTitle: need.title }, input);
    const audience: Record<Audience, () => Promise<string[]>> = {
      owners: () => needOwnerIds(tx, need),
      enterprise: () => enterpriseUserIds(tx, need.enterprise_id),
      providers: () => taskProviderIds(tx, task.institution_id, task.expert_id),
    };
    for (const t of effect.tell) {
      await notifyUsers(tx, await audience[t.to](), { kind: 'task_update', title: t.title, body: t.body, needId: need.id, taskId }, p.id);
    }

    const params = new Params(task.id, to, now, task.version);
    const set = Object.entries(effect.set).map(([column, value]) => `, ${column} = ${params.add(value)}`);
    const updated = await tx.query(
      `UPDATE tasks SET state = $2, version = version + 1, updated_at = $3${set.join('')} WHERE id = $1 AND version = $4`,
      params.values,
    );
    if (updated.rowCount !== 1) fail('version_conflict', STALE);
    // The need's record changed: a view of it read before this is stale.
    await tx.query('UPDATE needs SET version = version + 1, updated_at = $2 WHERE id = $1', [need.id, now]);
    await writeNeedEvent(tx, need.id, {
      by: p,
      role,
      action: `task_${input.action}`,
      from: need.state,
      to: need.state,
      note: effect.note,
      at: now,
      data: { taskId: task.id, action: TASK_ACTION_LABELS[input.action] },
      internal: effect.internal,
    });
    return toDetail(deps, tx, p, (await loadNeedRow(tx, need.id))!);
  });
}
