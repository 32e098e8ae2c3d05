// A bad rating (any 不满意, or 问题未解决) opens a follow-up (回访) in the
// rating's transaction: owned by the need's owner specialist, else by the
// manager with the fewest open follow-ups; due in the follow-up time limit's
// working days on the calendar in force. The owner and the managers are told.
import { followUpReason, toShanghaiDate, type RatingAnswers } from '@qi/shared';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { loadClockRules, type NeedRow } from '../needView';
import { managerIds, notifyUsers } from '../notifications';

/** Opens the follow-up a rating asks for; returns its id, or null when the rating needs none. */
export async function openFollowUp(deps: Deps, tx: Queryable, need: NeedRow, rating: RatingAnswers, at: Date): Promise<string | null> {
  const reason = followUpReason(rating);
  if (!reason) return null;
  const { limits, cal } = await loadClockRules(deps, tx);
  const dueOn = cal.addWorkingDays(toShanghaiDate(at), limits.followUpDays);
  let owner = need.owner_id;
  if (!owner) {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT u.id FROM users u WHERE 'manager' = ANY(u.roles)
        ORDER BY (SELECT count(*) FROM follow_ups f WHERE f.owner_id = u.id AND f.state <> 'resolved'), u.id LIMIT 1`,
    );
    owner = rows[0]?.id ?? null;
  }
  const { rows } = await tx.query<{ id: string }>(
    'INSERT INTO follow_ups (need_id, reason, owner_id, due_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [need.id, reason, owner, dueOn, at],
  );
  await notifyUsers(tx, [...(owner ? [owner] : []), ...(await managerIds(tx))], {
    kind: 'need_state',
    title: `需回访：需求${need.number}`,
    body: `${reason}（${need.enterprise_name}：${need.title}），请于 ${dueOn} 前回访并处理。`,
    needId: need.id,
  });
  return rows[0]!.id;
}
