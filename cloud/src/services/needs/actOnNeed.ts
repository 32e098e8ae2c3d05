// A person's action on a need: access first (visible, current version, a
// capacity the state machine accepts, 首问负责), then the action's effect and
// the transition in one transaction, then the WeChat messages after the commit.
import { decideNeedAction, toShanghaiDate, type NeedActionInput, type NeedDetail } from '@qi/shared';
import { ownershipRefusal } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { deliverMessages } from '../notifications';
import { capacityFor, guardContext, loadClockRules, loadNeedRow, needActors, toDetail } from '../needView';
import { visibleNeed } from './getNeed';
import { effectOf } from './needEffects';
import { transitionNeed } from './transitionNeed';

export async function actOnNeed(deps: Deps, p: Principal, id: string, input: NeedActionInput): Promise<NeedDetail> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  const { detail, outbox } = await deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id, true);
    if (input.version !== row.version) fail('version_conflict');
    const actors = needActors(p, row);
    const decision = decideNeedAction(row.state, input.action, actors, await guardContext(tx, row));
    if (!decision.ok) fail(decision.reason === 'role' ? 'forbidden' : 'transition_not_allowed', decision.message);
    const to = decision.ok ? decision.to : row.state;
    // The capacity the caller acts in: one of its actors that the machine accepts.
    const role = capacityFor(actors, input.action)!;
    // 首问负责, and a reviewer other than the owner.
    const refusal = ownershipRefusal(p, role, input.action, { id: row.owner_id, name: openName(deps.pii, row.owner_name_enc) || null });
    if (refusal) fail('forbidden', refusal);

    const ctx = { deps, tx, p, row, role, now, today, ...(await loadClockRules(deps, tx)) };
    const effect = await effectOf(ctx, input);
    const outbox = await transitionNeed(deps, tx, row, { action: input.action, by: p, role, to, at: now, ...effect });
    return { detail: await toDetail(deps, tx, p, (await loadNeedRow(tx, row.id))!), outbox };
  });
  await deliverMessages(deps, outbox);
  return detail;
}
