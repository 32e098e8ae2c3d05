// A manager's handling step on a complaint: access first (the role the
// machine asks for, the complaint visible, its current version), then the
// state decided by the shared machine and its event in one transaction; the
// complainant is told of each step.
import {
  COMPLAINT_STATE_LABELS,
  decideComplaintAction,
  mayTakeComplaintAction,
  type ComplaintActionInput,
  type ComplaintDetail,
} from '@qi/shared';
import { actorsOnComplaint } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { notifyUsers } from '../notifications';
import { COMPLAINT_KIND, COMPLAINT_SELECT, visibleComplaint, withEvents, writeComplaintEvent, type ComplaintRow } from './complaintView';

export async function actOnComplaint(deps: Deps, p: Principal, id: string, input: ComplaintActionInput): Promise<ComplaintDetail> {
  const actors = actorsOnComplaint(p);
  if (!mayTakeComplaintAction(input.action, actors)) fail('forbidden', '只有运营管理人员可以处理投诉');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const r = await visibleComplaint(tx, p, id, true);
    if (input.version !== r.version) fail('version_conflict', '该投诉已被他人处理，请刷新后再操作');
    const decision = decideComplaintAction(r.state, input.action, actors, r.feedback);
    if (!decision.ok) fail(decision.reason === 'role' ? 'forbidden' : 'transition_not_allowed', decision.message);
    const to = decision.ok ? decision.to : r.state;
    const outcome = input.action === 'resolve' ? input.outcome : null;
    // Reopened after the complainant's 不满意: the record keeps what they said; they answer again on the next outcome.
    const note =
      input.action === 'resolve'
        ? input.outcome
        : input.action === 'reopen'
          ? `投诉人对处理结果不满意${r.feedback_note ? `：${r.feedback_note.replace(/[。！？.!?\s]+$/u, '')}` : ''}。${input.note}`
          : (input.note ?? null);
    const reopen = input.action === 'reopen';
    await tx.query(
      `UPDATE complaints SET state = $2, outcome = coalesce($3, outcome), upheld = coalesce($5, upheld), updated_at = $4, version = version + 1
         ${reopen ? ', feedback = NULL, feedback_note = NULL, feedback_at = NULL' : ''}
        WHERE id = $1`,
      [r.id, to, outcome, now, input.action === 'resolve' ? (input.upheld ?? null) : null],
    );
    await writeComplaintEvent(tx, r.id, p, r.state, to, note, now);
    await notifyUsers(tx, [r.user_id], {
      kind: COMPLAINT_KIND,
      title: `您的投诉${COMPLAINT_STATE_LABELS[to]}`,
      body: outcome !== null ? `处理结果：${outcome}` : `投诉处理进度已更新为“${COMPLAINT_STATE_LABELS[to]}”。`,
      needId: r.need_id,
    });
    const { rows } = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.id = $1`, [r.id]);
    return (await withEvents(deps, tx, rows, p))[0]!;
  });
}
