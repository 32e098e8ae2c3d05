// 回访: the owner or a manager records when the enterprise was reached, how,
// and what it said. From the version read (409 otherwise); the first one
// moves the follow-up to called_back; none after it is resolved.
import { decideCallBack, type CallBackInput, type FollowUp } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { desensitisedFor, followUpActor, loadFollowUp, visibleFollowUp } from './followUpView';

export async function recordCallBack(deps: Deps, p: Principal, id: string, input: CallBackInput): Promise<FollowUp> {
  const now = deps.now();
  const calledAt = new Date(input.calledAt);
  return deps.db.transaction(async (tx) => {
    const r = await visibleFollowUp(tx, p, id, true);
    if (desensitisedFor(p)) fail('forbidden', '监督部门只能查看回访，不能记录');
    const decision = decideCallBack(r.state, followUpActor(p, r));
    if (!decision.ok && decision.reason === 'role') fail('forbidden', decision.message);
    if (input.version !== r.version) fail('version_conflict', '该回访已被他人更新，请刷新后再操作');
    if (!decision.ok) fail('transition_not_allowed', decision.message);
    if (calledAt.getTime() > now.getTime() + 5 * 60_000) {
      fail('validation_failed', undefined, [{ path: 'calledAt', message: '回访时间不能晚于现在' }]);
    }
    // The forms record the time to the minute: a call-back in the rating's own minute is not before it.
    if (calledAt.getTime() < Math.floor(r.created_at.getTime() / 60_000) * 60_000)
      fail('validation_failed', undefined, [{ path: 'calledAt', message: '回访时间不能早于企业评价的时间' }]);
    await tx.query(
      `INSERT INTO follow_up_callbacks (follow_up_id, called_at, method, note, recorded_by, recorded_by_enc, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, calledAt, input.method, input.note, p.id, p.nameEnc, now],
    );
    await tx.query(`UPDATE follow_ups SET state = 'called_back', version = version + 1 WHERE id = $1`, [r.id]);
    return loadFollowUp(deps, tx, p, r.id);
  });
}
