// Resolving a follow-up, once, after its call-back: reopen the need (through
// the need's state machine and transitionNeed, as the manager's reopen),
// order a rectification, or explain. One transaction: the need (locked first,
// as every writer of needs does), the follow-up from the version read, and
// what the resolution writes; WeChat messages after the commit.
import { decideNeedAction, decideResolution, toShanghaiDate, type FollowUp, type ResolutionInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { effectOf } from '../needs/needEffects';
import { transitionNeed } from '../needs/transitionNeed';
import { guardContext, loadClockRules, loadNeedRow } from '../needView';
import { deliverMessages } from '../notifications';
import { desensitisedFor, followUpActor, loadFollowUp, visibleFollowUp } from './followUpView';
import { insertRectification } from './rectifications';

export async function resolveFollowUp(deps: Deps, p: Principal, id: string, input: ResolutionInput): Promise<FollowUp> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  const { view, outbox } = await deps.db.transaction(async (tx) => {
    const seen = await visibleFollowUp(tx, p, id);
    const need = (await loadNeedRow(tx, seen.need_id, true))!;
    const r = await visibleFollowUp(tx, p, id, true);
    if (desensitisedFor(p)) fail('forbidden', '监督部门只能查看回访，不能处理');
    const decision = decideResolution(r.state, input.resolution, followUpActor(p, r));
    if (!decision.ok && decision.reason === 'role') fail('forbidden', decision.message);
    if (input.version !== r.version) fail('version_conflict', '该回访已被他人更新，请刷新后再操作');
    if (!decision.ok) fail('transition_not_allowed', decision.message);

    let outbox: string[] = [];
    let rectificationId: string | null = null;
    if (input.resolution === 'reopen') {
      const step = decideNeedAction(need.state, 'reopen', ['manager'], { ...(await guardContext(tx, need)), followUpOpen: true });
      if (!step.ok) fail('transition_not_allowed', `${step.message}，可改为安排整改或解释说明`);
      const action = { action: 'reopen' as const, version: need.version, reason: input.note };
      const ctx = {
        deps,
        tx,
        p,
        row: need,
        role: 'manager' as const,
        now,
        today,
        ...(await loadClockRules(deps, tx)),
      };
      const effect = await effectOf(ctx, action);
      outbox = await transitionNeed(deps, tx, need, {
        action: 'reopen',
        by: p,
        role: 'manager',
        to: step.ok ? step.to : need.state,
        at: now,
        ...effect,
        note: `回访后重新办理：${input.note}`,
        data: { followUpId: r.id },
      });
    } else if (input.resolution === 'rectify') {
      rectificationId = await insertRectification(
        tx,
        p,
        { source: { kind: 'follow_up', id: r.id }, needId: r.need_id, ...input.rectification },
        today,
        now,
      );
    }
    await tx.query(
      `UPDATE follow_ups SET state = 'resolved', version = version + 1, resolution = $2, resolution_note = $3,
              resolved_at = $4, resolved_by = $5, resolved_by_enc = $6, rectification_id = $7
        WHERE id = $1`,
      [r.id, input.resolution, input.note, now, p.id, p.nameEnc, rectificationId],
    );
    return { view: await loadFollowUp(deps, tx, p, r.id), outbox };
  });
  await deliverMessages(deps, outbox);
  return view;
}
