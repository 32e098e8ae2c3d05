import {
  allowedNeedActions,
  maskName,
  toShanghaiDate,
  type NeedDetail,
  type NeedEvent,
  type NeedState,
  type Rating,
  type SatisfactionLevel,
} from '@qi/shared';
import { contactAccess, isServiceStaff, ownershipRefusal, seesInternalNotes } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { camelize } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { openName } from '../../pii';
import { TASK_SELECT, toTask, type TaskRow } from '../taskView';
import { capacityFor, guardContext } from './guardContext';
import { loadClockRules } from './clockRules';
import { needActors, SYSTEM_ACTOR_NAME, type NeedRow } from './needRow';
import { toSummaries } from './toSummaries';

interface EventRow {
  id: string;
  at: Date;
  actor_id: string | null;
  /** NULL: the system (the scheduled tick). */
  actor_name_enc: string | null;
  actor_role: string;
  action: string;
  from_state: NeedState | null;
  to_state: NeedState;
  note: string | null;
  internal: boolean;
}

interface RatingRow {
  timeliness: SatisfactionLevel;
  professionalism: SatisfactionLevel;
  courtesy: SatisfactionLevel;
  overall: SatisfactionLevel;
  resolved: boolean;
  comment: string | null;
  created_at: Date;
}

/** A RatingRow's columns, in the contract's order: the rating shown is their camelCase renaming. */
const RATING_COLUMNS = 'timeliness, professionalism, courtesy, overall, resolved, comment, created_at';

/** The station the owner is reached at: the need's own if the owner works there, else a 服务中心 desk, else any. */
async function loadOwnerStation(tx: Queryable, ownerId: string, stationId: string | null): Promise<NeedDetail['ownerStation']> {
  const { rows } = await tx.query<{ id: string; name: string; phone: string }>(
    `SELECT s.id, s.name, s.phone FROM staff_stations ss JOIN stations s ON s.id = ss.station_id
      WHERE ss.user_id = $1 ORDER BY s.id IS DISTINCT FROM $2::uuid, s.kind <> 'center', s.name, s.id LIMIT 1`,
    [ownerId, stationId],
  );
  return rows[0] ?? null;
}

export async function toDetail(deps: Deps, tx: Queryable, p: Principal, row: NeedRow): Promise<NeedDetail> {
  const rules = await loadClockRules(deps, tx);
  const [summary] = await toSummaries(deps, tx, p, [row], 'need_detail', rules);
  const actors = needActors(p, row);
  // One connection inside a transaction: queries run one after another.
  const events = await tx.query<EventRow>(`SELECT * FROM need_events WHERE need_id = $1 AND ($2 OR NOT internal) ORDER BY at, id`, [
    row.id,
    seesInternalNotes(actors),
  ]);
  const tasks = await tx.query<TaskRow>(`${TASK_SELECT} WHERE t.need_id = $1 ORDER BY t.assigned_at, t.id`, [row.id]);
  const rating = await tx.query<RatingRow>(`SELECT ${RATING_COLUMNS} FROM ratings WHERE need_id = $1`, [row.id]);
  // Service staff see whether a one-time rating link was issued (not its token): issuing again replaces it.
  const staff = isServiceStaff(p.roles);
  const link = staff
    ? (
        await tx.query<{ issued_at: Date; used_at: Date | null }>('SELECT issued_at, used_at FROM rating_links WHERE need_id = $1', [
          row.id,
        ])
      ).rows[0]
    : undefined;
  const ctx = await guardContext(tx, row);
  const { limits, cal } = rules;
  const today = toShanghaiDate(deps.now());
  const r = rating.rows[0];
  // People's names as contacts are: in clear for the enterprise and the staff
  // serving it (whose read toSummaries has logged), masked for oversight; one's own always in clear.
  const masked = contactAccess(actors) === 'masked';
  const person = (id: string | null, enc: string | null) => {
    const name = openName(deps.pii, enc);
    return masked && id !== p.id ? maskName(name) : name;
  };
  const owner = { id: row.owner_id, name: row.owner_id ? person(row.owner_id, row.owner_name_enc) : null };
  // 首问负责: of the specialists, only the owner manages (cancels) the need's tasks.
  const onTasks = ownershipRefusal(p, 'specialist', 'dispatch', owner) ? actors.filter((a) => a !== 'specialist') : actors;
  const ownerStation = row.owner_id ? await loadOwnerStation(tx, row.owner_id, row.station_id) : null;
  const shownTasks = tasks.rows.map((t) => toTask(deps, p, onTasks, t, row.reply_by, today, limits, cal));
  // The enterprise's own reads of the people serving it — its owner specialist
  // and the providers' business contacts — are unmasked reads too: one audit row.
  if (contactAccess(actors) === 'own' && (ownerStation || shownTasks.some((t) => !t.assignee.contactMasked))) {
    await tx.query(`INSERT INTO pii_access_log (user_id, subject_kind, subject_id, purpose) VALUES ($1, 'need', $2, 'service_contacts')`, [
      p.id,
      row.id,
    ]);
  }
  return {
    ...summary!,
    attachments: row.attachments,
    ownerStation,
    owner: row.owner_id ? { id: row.owner_id, name: owner.name ?? '' } : null,
    recorder: row.recorder_id ? { id: row.recorder_id, name: person(row.recorder_id, row.recorder_name_enc) } : null,
    reviewer: row.reviewer_id
      ? {
          id: row.reviewer_id,
          name: person(row.reviewer_id, row.reviewer_name_enc),
          at: row.reviewed_at?.toISOString() ?? null,
          opinion: row.review_note,
        }
      : null,
    servicePeriod: row.service_period,
    answer: row.answer,
    result: row.result,
    rejectReason: row.reject_reason,
    referral: row.referral,
    requestedInfo: row.requested_info,
    events: events.rows.map((e): NeedEvent => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: {
        id: e.actor_id,
        // No account behind it: the tick (系统), or the enterprise rating through its one-time link.
        name:
          e.actor_name_enc === null ? (e.actor_role === 'enterprise' ? '企业' : SYSTEM_ACTOR_NAME) : person(e.actor_id, e.actor_name_enc),
        role: e.actor_role,
      },
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      note: e.note,
      internal: e.internal,
    })),
    tasks: shownTasks,
    rating: r ? ({ ...camelize(r), createdAt: r.created_at.toISOString() } satisfies Rating) : null,
    ...(staff ? { ratingLink: link ? { issuedAt: link.issued_at.toISOString(), usedAt: link.used_at?.toISOString() ?? null } : null } : {}),
    allowedActions: allowedNeedActions(row.state, actors, ctx).filter(
      (a) => a !== 'rate' && a !== 'expire' && ownershipRefusal(p, capacityFor(actors, a)!, a, owner) === null,
    ),
  };
}
