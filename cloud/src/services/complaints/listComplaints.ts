// Reading complaints: the caller's own, or all of them for oversight; one; the open count.
import { CLOSED_COMPLAINT_STATES, type ComplaintDetail } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import { isIn } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { canOversee, COMPLAINT_SELECT, visibleComplaint, withEvents, type ComplaintRow } from './complaintView';

/** Waits for a manager (awaitsManager): not resolved, or resolved and the complainant not satisfied. */
const WAITS = `(NOT ${isIn('c.state', CLOSED_COMPLAINT_STATES)} OR c.feedback IS NOT DISTINCT FROM 'dissatisfied')`;

/**
 * The caller's own complaints and its enterprise's (see ownComplaint), newest first; managers and supervisors may ask
 * for all: open ones first, so none waiting drops off behind newer resolved ones.
 */
export async function listComplaints(deps: Deps, p: Principal, scope: 'mine' | 'all', needId?: string): Promise<ComplaintDetail[]> {
  if (scope === 'all' && !canOversee(p)) fail('forbidden', '只有运营管理或监督部门可以查看全部投诉');
  return deps.db.transaction(async (tx) => {
    // $1: the need (or null: every need).
    const aboutNeed = '($1::uuid IS NULL OR c.need_id = $1::uuid)';
    const { rows } = await tx.query<ComplaintRow>(
      scope === 'all'
        ? `${COMPLAINT_SELECT} WHERE ${aboutNeed} ORDER BY ${WAITS} DESC, c.created_at DESC, c.id DESC LIMIT 200`
        : `${COMPLAINT_SELECT} WHERE ${aboutNeed} AND (c.user_id = $2 OR ($3::uuid IS NOT NULL AND (n.enterprise_id = $3 OR u.enterprise_id = $3)))
            ORDER BY c.created_at DESC, c.id DESC LIMIT 200`,
      scope === 'all' ? [needId ?? null] : [needId ?? null, p.id, p.roles.includes('enterprise') ? p.enterpriseId : null],
    );
    return withEvents(deps, tx, rows, p);
  });
}

/** How many complaints wait for a manager (managers and supervisors): not yet resolved, or sent back by a 不满意. */
export async function countOpenComplaints(deps: Deps, p: Principal): Promise<{ open: number }> {
  if (!canOversee(p)) fail('forbidden', '只有运营管理或监督部门可以查看全部投诉');
  const { rows } = await deps.db.query<{ open: number }>(`SELECT count(*)::int AS open FROM complaints c WHERE ${WAITS}`);
  return { open: rows[0]!.open };
}

export async function getComplaint(deps: Deps, p: Principal, id: string): Promise<ComplaintDetail> {
  return deps.db.transaction(async (tx) => (await withEvents(deps, tx, [await visibleComplaint(tx, p, id)], p))[0]!);
}
