// The follow-up lists: a specialist's own; managers' and supervisors' every
// one, filtered by state, overdue and owner; one follow-up; the workbench's count.
import { toShanghaiDate, type FollowUp, type FollowUpCounts, type FollowUpListQuery } from '@qi/shared';
import { oversees } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { FOLLOW_UP_SELECT, loadFollowUp, toFollowUps, visibleFollowUp, type FollowUpRow } from './followUpView';

const LIST_LIMIT = 200;

export async function listFollowUps(deps: Deps, p: Principal, q: FollowUpListQuery): Promise<FollowUp[]> {
  if (q.scope === 'all' && !oversees(p)) fail('forbidden', '只有运营管理与监督部门可以查看全部回访');
  if (q.scope === 'mine' && !p.roles.some((r) => r === 'specialist' || r === 'manager')) {
    fail('forbidden', '只有服务专员和运营管理人员负责回访');
  }
  const params = new Params();
  const where: string[] = [];
  if (q.scope === 'mine') where.push(`f.owner_id = ${params.add(p.id)}`);
  if (q.ownerId) where.push(`f.owner_id = ${params.add(q.ownerId)}`);
  if (q.state) where.push(`f.state = ${params.add(q.state)}`);
  if (q.overdue) where.push(`f.state <> 'resolved' AND f.due_on < ${params.add(toShanghaiDate(deps.now()))}::date`);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<FollowUpRow>(
      `${FOLLOW_UP_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY (f.state = 'resolved'), CASE WHEN f.state = 'resolved' THEN NULL ELSE f.due_on END, f.resolved_at DESC, f.created_at DESC, f.id
        LIMIT ${LIST_LIMIT}`,
      params.values,
    );
    return toFollowUps(deps, tx, rows, p);
  });
}

export function getFollowUp(deps: Deps, p: Principal, id: string): Promise<FollowUp> {
  return deps.db.transaction(async (tx) => {
    await visibleFollowUp(tx, p, id);
    return loadFollowUp(deps, tx, p, id);
  });
}

/** The caller's own follow-ups still open, and how many are overdue. */
export async function countMyFollowUps(deps: Deps, p: Principal): Promise<FollowUpCounts> {
  if (!p.roles.some((r) => r === 'specialist' || r === 'manager')) fail('forbidden', '只有服务专员和运营管理人员负责回访');
  const { rows } = await deps.db.query<FollowUpCounts>(
    `SELECT count(*)::int AS open, (count(*) FILTER (WHERE due_on < $2::date))::int AS overdue
       FROM follow_ups WHERE owner_id = $1 AND state <> 'resolved'`,
    [p.id, toShanghaiDate(deps.now())],
  );
  return rows[0]!;
}
