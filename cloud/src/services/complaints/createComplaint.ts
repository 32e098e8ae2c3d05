// Filing a complaint (enterprises), against a need of theirs, a provider or a
// staff member; idempotent per Idempotency-Key. The complaint, its deadlines
// and its first event are one transaction; the managers are told.
import {
  COMPLAINT_TARGET_LABELS,
  complaintDeadlines,
  INITIAL_COMPLAINT_STATE,
  maskName,
  toShanghaiDate,
  type ComplaintDetail,
  type ComplaintInput,
  type Role,
} from '@qi/shared';
import { actorsOn, has, isServiceStaff } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { loadClockRules, loadNeedRow } from '../needView';
import { managerIds, notifyUsers } from '../notifications';
import { COMPLAINT_KIND, COMPLAINT_SELECT, withEvents, writeComplaintEvent, type ComplaintRow } from './complaintView';

/** Checks what the complaint is about, as the complainant may name it. */
async function checkTarget(tx: Queryable, p: Principal, input: ComplaintInput): Promise<string | null> {
  let need = null;
  if (input.needId) {
    need = await loadNeedRow(tx, input.needId);
    const mine =
      need &&
      actorsOn(p, {
        enterpriseId: need.enterprise_id,
        stationId: need.station_id,
        ownerId: need.owner_id,
        taskInstitutionIds: need.task_institution_ids,
        taskExpertIds: need.task_expert_ids,
      }).includes('enterprise');
    if (!mine) fail('not_found', '没有找到该需求，或您无权查看');
  }
  switch (input.targetKind) {
    case 'need':
      return null;
    case 'provider': {
      const id = input.targetId!;
      if (need) {
        if (!need.task_institution_ids.includes(id) && !need.task_expert_ids.includes(id)) {
          fail('rule_violation', '所选服务机构或专家没有承办该需求');
        }
      } else {
        const { rowCount } = await tx.query('SELECT 1 FROM institutions WHERE id = $1 UNION ALL SELECT 1 FROM experts WHERE id = $1', [id]);
        if (!rowCount) fail('rule_violation', '所选服务机构或专家不存在');
      }
      return id;
    }
    case 'staff': {
      const id = input.targetId ?? need?.owner_id ?? null;
      if (input.targetId) {
        const { rows } = await tx.query<{ roles: Role[] }>('SELECT roles FROM users WHERE id = $1', [id]);
        const staff = rows[0] ? isServiceStaff(rows[0].roles) : false;
        if (!staff) fail('rule_violation', '所选人员不是服务人员');
        const served = !need || [need.owner_id, need.recorder_id, need.reviewer_id].includes(id);
        if (!served) fail('rule_violation', '所选服务人员没有经办该需求');
      }
      return id;
    }
  }
}

export async function createComplaint(
  deps: Deps,
  p: Principal,
  input: ComplaintInput,
  idempotencyKey: string,
): Promise<{ complaint: ComplaintDetail; replayed: boolean }> {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以提交投诉');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const prior = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.user_id = $1 AND c.idempotency_key = $2`, [
      p.id,
      idempotencyKey,
    ]);
    if (prior.rows[0]) {
      const r = prior.rows[0];
      const same = r.content === input.content && r.target_kind === input.targetKind && r.need_id === (input.needId ?? null);
      if (!same) fail('idempotency_key_reused');
      return { complaint: (await withEvents(deps, tx, [r], p))[0]!, replayed: true };
    }
    const targetId = await checkTarget(tx, p, input);
    const { limits, cal } = await loadClockRules(deps, tx);
    const d = complaintDeadlines(toShanghaiDate(now), limits, cal);
    // A concurrent retry with the same key waits on the unique index, then finds nothing to insert.
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO complaints (need_id, target_kind, target_id, user_id, content, acknowledge_by, resolve_by,
                               idempotency_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
      [input.needId ?? null, input.targetKind, targetId, p.id, input.content, d.acknowledgeBy, d.resolveBy, idempotencyKey, now],
    );
    if (!inserted.rows[0]) {
      const again = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.user_id = $1 AND c.idempotency_key = $2`, [
        p.id,
        idempotencyKey,
      ]);
      return { complaint: (await withEvents(deps, tx, again.rows, p))[0]!, replayed: true };
    }
    const id = inserted.rows[0].id;
    await writeComplaintEvent(tx, id, p, null, INITIAL_COMPLAINT_STATE, null, now);
    await notifyUsers(tx, await managerIds(tx), {
      kind: COMPLAINT_KIND,
      title: `新投诉：${COMPLAINT_TARGET_LABELS[input.targetKind]}`,
      // Stored text: the name masked (the complaint itself shows it to its handlers).
      body: `${maskName(openName(deps.pii, p.nameEnc))}提交了投诉，请于 ${d.acknowledgeBy} 前确认、${d.resolveBy} 前办结。`,
      needId: input.needId ?? null,
    });
    const { rows } = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.id = $1`, [id]);
    return { complaint: (await withEvents(deps, tx, rows, p))[0]!, replayed: false };
  });
}
