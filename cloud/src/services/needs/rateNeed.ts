// The enterprise's rating of a completed need (once, within its window): the
// rating row and the transition to rated in one transaction; an unresolved or
// dissatisfied rating opens a follow-up (回访) with an owner and a deadline.
// The same step serves a rating made through a one-time link (ratingLinks.ts).
import { decideNeedAction, SATISFACTION_LABELS, toShanghaiDate, type NeedDetail, type RatingInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openFollowUp } from '../followUps/openFollowUp';
import { deliverMessages, notifyUsers } from '../notifications';
import { loadNeedRow, needActors, toDetail, type NeedRow } from '../needView';
import { visibleNeed } from './getNeed';
import { transitionNeed } from './transitionNeed';

/** Who rates: a signed-in member of the enterprise, or the holder of the need's one-time link. */
export type Rater = { principal: Principal } | { link: true };

/**
 * Rates `row` (read FOR UPDATE in `tx`) for the enterprise: refuses a second
 * rating (409), a need not yet completed (422) and a closed window (422);
 * writes the rating, the transition, the follow-up of a bad rating and the
 * owner's notice. Returns the WeChat messages to deliver after the commit.
 */
export async function recordRating(
  deps: Deps,
  tx: Queryable,
  row: NeedRow,
  rater: Rater,
  input: RatingInput,
  now: Date,
): Promise<string[]> {
  const today = toShanghaiDate(now);
  const existing = await tx.query('SELECT 1 FROM ratings WHERE need_id = $1', [row.id]);
  if (existing.rowCount) fail('duplicate', '该需求已评价，每个需求只能评价一次');
  const decision = decideNeedAction(row.state, 'rate', ['enterprise']);
  if (!decision.ok) fail('transition_not_allowed', '需求办结后才能评价');
  if (row.rate_by && today > row.rate_by) fail('rule_violation', `评价期已于 ${row.rate_by} 结束，不能再评价`);

  const by = 'principal' in rater ? rater.principal : null;
  await tx.query(
    `INSERT INTO ratings (need_id, user_id, timeliness, professionalism, courtesy, overall, resolved, comment, created_at, via_link)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      row.id,
      by?.id ?? null,
      input.timeliness,
      input.professionalism,
      input.courtesy,
      input.overall,
      input.resolved,
      input.comment ?? null,
      now,
      by === null,
    ],
  );
  const summary = `总体评价：${SATISFACTION_LABELS[input.overall]}；问题${input.resolved ? '已' : '未'}解决`;
  const via = by === null ? '（通过一次性评价链接）' : '';
  const outbox = await transitionNeed(deps, tx, row, {
    action: 'rate',
    by,
    role: 'enterprise',
    to: decision.ok ? decision.to : row.state,
    at: now,
    note: `${summary}${via}${input.comment ? `。${input.comment}` : ''}`,
    data: by === null ? { via: 'link' } : undefined,
    // The enterprise rated it itself: nothing to tell it.
    tellEnterprise: false,
  });
  await openFollowUp(deps, tx, row, input, now);
  if (row.owner_id) {
    await notifyUsers(tx, [row.owner_id], { kind: 'need_state', title: `需求${row.number}：企业已评价`, body: summary, needId: row.id });
  }
  return outbox;
}

export async function rateNeed(deps: Deps, p: Principal, id: string, input: RatingInput): Promise<NeedDetail> {
  const now = deps.now();
  const { detail, outbox } = await deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id, true);
    if (!needActors(p, row).includes('enterprise')) fail('forbidden', '只有提出需求的企业可以评价');
    const outbox = await recordRating(deps, tx, row, { principal: p }, input, now);
    return { detail: await toDetail(deps, tx, p, (await loadNeedRow(tx, row.id))!), outbox };
  });
  await deliverMessages(deps, outbox);
  return detail;
}
