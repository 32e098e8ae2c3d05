// 派单: the tasks a dispatch creates, one per assignee (an institution or an
// expert in good standing without an open task on this need), each provider
// told; a re-dispatch replaces the tasks declined so far.
import { OFFERED_PROVIDER_STATUSES, OPEN_TASK_STATES, taskAcceptBy, type NeedActionInput, type ProviderStatus } from '@qi/shared';
import { isIn } from '../../db/sql';
import { fail } from '../../errors';
import { notifyUsers, taskProviderIds } from '../notifications';
import { UNREPLACED_DECLINE } from '../needView';
import type { EffectContext } from './needEffects';

type Assignee = Extract<NeedActionInput, { action: 'dispatch' }>['assignees'][number];

export async function dispatchTasks(
  ctx: EffectContext,
  assignees: readonly Assignee[],
): Promise<{ names: string[]; created: string[]; redispatch: boolean }> {
  const { tx, p, row, now, today, limits, cal } = ctx;
  const names: string[] = [];
  const created: string[] = [];
  for (const a of assignees) {
    const table = a.institutionId ? 'institutions' : 'experts';
    const { rows } = await tx.query<{ name: string; status: string }>(`SELECT name, status FROM ${table} WHERE id = $1`, [
      a.institutionId ?? a.expertId,
    ]);
    const target = rows[0];
    if (!target) fail('rule_violation', a.institutionId ? '所选服务机构不存在' : '所选专家不存在');
    if (!OFFERED_PROVIDER_STATUSES.includes(target!.status as ProviderStatus)) {
      fail('rule_violation', `“${target!.name}”当前状态为暂停或已退出，不能派单`);
    }
    const open = await tx.query(
      `SELECT 1 FROM tasks WHERE need_id = $1 AND ${isIn('state', OPEN_TASK_STATES)} AND (institution_id = $2 OR expert_id = $3)`,
      [row.id, a.institutionId ?? null, a.expertId ?? null],
    );
    if (open.rowCount) fail('duplicate', `“${target!.name}”已有进行中的任务，请勿重复派单`);
    const task = await tx.query<{ id: string }>(
      `INSERT INTO tasks (need_id, institution_id, expert_id, note, assigned_by, assigned_at, accept_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.id, a.institutionId ?? null, a.expertId ?? null, a.note ?? null, p.id, now, taskAcceptBy(today, limits, cal)],
    );
    const taskId = task.rows[0]!.id;
    created.push(taskId);
    names.push(target!.name);
    await notifyUsers(tx, await taskProviderIds(tx, a.institutionId ?? null, a.expertId ?? null), {
      kind: 'task_new',
      title: `新服务任务：需求${row.number}`,
      body: `${row.enterprise_name}：${row.title}。请在 1 个工作日内接单或拒绝。`,
      needId: row.id,
      taskId,
    });
  }
  const replaced = await tx.query(
    `UPDATE tasks SET replaced_by = $2 WHERE need_id = $1 AND ${UNREPLACED_DECLINE} AND replaced_by IS NULL`,
    [row.id, created[0]],
  );
  return { names, created, redispatch: (replaced.rowCount ?? 0) > 0 };
}
