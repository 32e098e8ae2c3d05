import { maskName, maskPhone, needClock, toShanghaiDate, type NeedSummary } from '@qi/shared';
import { contactAccess } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { loadClockRules, type ClockRules } from './clockRules';
import { needActors, type NeedRow } from './needRow';

/**
 * Maps rows to summaries; records one audit row naming the needs whose contacts it shows unmasked
 * to staff. `rules`: the clock's rules when the caller has read them already.
 */
export async function toSummaries(
  deps: Deps,
  tx: Queryable,
  p: Principal,
  rows: NeedRow[],
  purpose: string,
  rules?: ClockRules,
): Promise<NeedSummary[]> {
  if (!rows.length) return [];
  const audited: string[] = [];
  const { limits, cal } = rules ?? (await loadClockRules(deps, tx));
  const today = toShanghaiDate(deps.now());
  const out = rows.map((row) => {
    const access = contactAccess(needActors(p, row));
    const name = deps.pii.decrypt(row.contact_name_enc);
    const phone = deps.pii.decrypt(row.contact_phone_enc);
    if (access === 'serving') audited.push(row.id);
    const masked = access === 'masked';
    return {
      id: row.id,
      number: row.number,
      state: row.state,
      version: row.version,
      title: row.title,
      description: row.description,
      categories: row.categories,
      items: row.items,
      channel: row.channel,
      stationId: row.station_id,
      enterprise: { id: row.enterprise_id, name: row.enterprise_name },
      applicant: row.applicant,
      contactName: masked ? maskName(name) : name,
      contactPhone: masked ? maskPhone(phone) : phone,
      contactMasked: masked,
      desiredReplyBy: row.desired_reply_by,
      createdAt: row.created_at.toISOString(),
      deadlines: { acceptBy: row.accept_by, replyBy: row.reply_by, rateBy: row.rate_by },
      clock: needClock(row.state, { acceptBy: row.accept_by, replyBy: row.reply_by, rateBy: row.rate_by }, today, limits, cal),
    } satisfies NeedSummary;
  });
  if (audited.length) {
    await tx.query(
      `INSERT INTO pii_access_log (user_id, subject_kind, subject_id, subject_ids, purpose)
       VALUES ($1, 'need', ($2::uuid[])[1], $2::uuid[], $3)`,
      [p.id, audited, purpose],
    );
  }
  return out;
}
