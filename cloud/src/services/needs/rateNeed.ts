// The enterprise's rating of a completed need (once, within its window): the
// rating row and the transition to rated in one transaction; an unresolved or
// dissatisfied rating opens a follow-up (回访) with an owner and a deadline.
import { decideNeedAction, SATISFACTION_LABELS, toShanghaiDate, type NeedDetail, type RatingInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openFollowUp } from '../followUps/openFollowUp';
import { deliverMessages, notifyUsers } from '../notifications';
import { loadNeedRow, needActors, toDetail } from '../needView';
import { visibleNeed } from './getNeed';
import { transitionNeed } from './transitionNeed';

export async function rateNeed(deps: Deps, p: Principal, id: string, input: RatingInput): Promise<NeedDetail> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  const { detail, outbox } = await deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id, true);
    const actors = needActors(p, row);
    if (!actors.includes('enterprise')) fail('forbidden', '只有提出需求的企业可以评价');
    const existing = await tx.query('SELECT 1 FROM ratings WHERE need_id = $1', [row.id]);
    if (existing.rowCount) fail('duplicate', '该需求已评价，每个需求只能评价一次');
    const decision = decideNeedAction(row.state, 'rate', actors);
    if (!decision.ok) fail('transition_not_allowed', '需求办结后才能评价');
    if (row.rate_by && today > row.rate_by) fail('rule_violation', `评价期已于 ${row.rate_by} 结束，不能再评价`);

    await tx.query(
      `INSERT INTO ratings (need_id, user_id, timeliness, professionalism, courtesy, overall, resolved, comment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.id, p.id, input.timeliness, input.professionalism, input.courtesy, input.overall, input.resolved, input.comment ?? null, now],
    );
    const summary = `总体评价：${SATISFACTION_LABELS[input.overall]}；问题${input.resolved ? '已' : '未'}解决`;
    const outbox = await transitionNeed(deps, tx, row, {
      action: 'rate',
      by: p,
      role: 'enterprise',
      to: decision.ok ? decision.to : row.state,
      at: now,
      note: input.comment ? `${summary}。${input.comment}` : summary,
      // The enterprise rated it itself: nothing to tell it.
      tellEnterprise: false,
    });
    await openFollowUp(deps, tx, row, input, now);
    if (row.owner_id) {
      await notifyUsers(tx, [row.owner_id], { kind: 'need_state', title: `需求${row.number}：企业已评价`, body: summary, needId: row.id });
    }
    return { detail: await toDetail(deps, tx, p, (await loadNeedRow(tx, row.id))!), outbox };
  });
  await deliverMessages(deps, outbox);
  return detail;
}
