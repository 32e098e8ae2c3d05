// The complainant's word on a resolved complaint's outcome (满意/不满意, with
// an optional remark), once. 不满意 sends the complaint back to the managers:
// it waits on their list again (awaitsManager) and each manager is told; one
// of them reopens it (重新调查), and the complainant answers the next outcome.
import { COMPLAINT_FEEDBACK_LABELS, type ComplaintDetail, type ComplaintFeedbackInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { notifyUsers } from '../notifications';
import { COMPLAINT_KIND, COMPLAINT_SELECT, mayGiveFeedback, visibleComplaint, withEvents, type ComplaintRow } from './complaintView';

export async function giveComplaintFeedback(deps: Deps, p: Principal, id: string, input: ComplaintFeedbackInput): Promise<ComplaintDetail> {
  const now = deps.now();
  if (!p.roles.includes('enterprise')) fail('forbidden', '只有投诉人本人可以评价处理结果');
  return deps.db.transaction(async (tx) => {
    const r = await visibleComplaint(tx, p, id, true);
    // The same rule as the view's canGiveFeedback: the complainant, once resolved, once.
    const refusal = mayGiveFeedback(p, r);
    if (refusal) fail(refusal.code, refusal.message);
    await tx.query(
      `UPDATE complaints SET feedback = $2, feedback_note = $3, feedback_at = $4, updated_at = $4, version = version + 1 WHERE id = $1`,
      [r.id, input.answer, input.note ?? null, now],
    );
    if (input.answer === 'dissatisfied') {
      const { rows: managers } = await tx.query<{ id: string }>(`SELECT id FROM users WHERE 'manager' = ANY(roles) ORDER BY id`);
      const what = r.target_kind === 'need' && r.need_number ? `（需求 ${r.need_number}）` : '';
      await notifyUsers(
        tx,
        managers.map((m) => m.id),
        {
          kind: COMPLAINT_KIND,
          title: '投诉人对处理结果不满意',
          body: `投诉${what}的投诉人对处理结果表示${COMPLAINT_FEEDBACK_LABELS.dissatisfied}${input.note ? `：${input.note}` : ''}。请重新调查处理。`,
          needId: r.need_id,
        },
      );
    }
    const { rows } = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.id = $1`, [r.id]);
    return (await withEvents(deps, tx, rows, p))[0]!;
  });
}
