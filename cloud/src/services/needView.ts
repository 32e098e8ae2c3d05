// Reading needs: the row query, the visibility scope, and the mapping to the
// contract's summary and detail shapes (with masking and the audit of unmasked reads).
import {
  allowedNeedActions,
  NEED_TRANSITIONS,
  maskName,
  maskPhone,
  needClock,
  OPEN_TASK_STATES,
  resolveTimeLimits,
  toShanghaiDate,
  type Actor,
  type NeedAction,
  type CategoryCode,
  type Channel,
  type NeedDetail,
  type NeedEvent,
  type NeedState,
  type NeedSummary,
  type Rating,
  type SatisfactionLevel,
  type TaskState,
  type TimeLimits,
} from '@qi/shared';
import { actorsOn, contactAccess, ownershipRefusal, seesInternalNotes } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { is } from '../db/sql';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { loadCalendar } from './calendar';
import { TASK_SELECT, toTask, type TaskRow } from './taskView';
import { openName } from '../pii';

/** How events the system itself took (the scheduled tick) name their actor. */
export const SYSTEM_ACTOR_NAME = '系统';

export interface NeedRow {
  id: string;
  number: string;
  state: NeedState;
  version: number;
  title: string;
  description: string;
  categories: CategoryCode[];
  items: string[];
  channel: Channel;
  station_id: string | null;
  enterprise_id: string;
  enterprise_name: string;
  applicant: string;
  contact_name_enc: string;
  contact_phone_enc: string;
  desired_reply_by: string | null;
  attachments: NeedDetail['attachments'];
  owner_id: string | null;
  owner_name_enc: string | null;
  recorder_id: string | null;
  recorder_name_enc: string | null;
  reviewer_id: string | null;
  reviewer_name_enc: string | null;
  reviewed_at: Date | null;
  service_period: string | null;
  submitted_on: string;
  accept_by: string;
  reply_by: string;
  rate_by: string | null;
  paused_on: string | null;
  paused_working_days: number;
  completed_on: string | null;
  requested_info: string[];
  answer: string | null;
  result: string | null;
  reject_reason: string | null;
  referral: string | null;
  created_at: Date;
  task_institution_ids: string[];
  task_expert_ids: string[];
}

/** A NeedRow's columns, over NEED_FROM; a query wanting more names them after these. */
export const NEED_COLUMNS = `n.*, e.name AS enterprise_name, ow.name_enc AS owner_name_enc, rc.name_enc AS recorder_name_enc, rv.name_enc AS reviewer_name_enc,
         coalesce((SELECT array_agg(t.institution_id) FROM tasks t WHERE t.need_id = n.id AND t.institution_id IS NOT NULL), '{}') AS task_institution_ids,
         coalesce((SELECT array_agg(t.expert_id) FROM tasks t WHERE t.need_id = n.id AND t.expert_id IS NOT NULL), '{}') AS task_expert_ids`;

/** The joins behind NEED_COLUMNS: `needs n` with its enterprise `e` and the people it names. */
export const NEED_FROM = `FROM needs n
    JOIN enterprises e ON e.id = n.enterprise_id
    LEFT JOIN users ow ON ow.id = n.owner_id
    LEFT JOIN users rc ON rc.id = n.recorder_id
    LEFT JOIN users rv ON rv.id = n.reviewer_id`;

export const NEED_SELECT = `SELECT ${NEED_COLUMNS} ${NEED_FROM}`;

export function needActors(p: Principal, row: NeedRow): Actor[] {
  return actorsOn(p, {
    enterpriseId: row.enterprise_id,
    stationId: row.station_id,
    ownerId: row.owner_id,
    taskInstitutionIds: row.task_institution_ids,
    taskExpertIds: row.task_expert_ids,
  });
}

/** The time limits in force (a manager may change them; defaults otherwise). */
export async function loadTimeLimits(tx: Queryable): Promise<TimeLimits> {
  const { rows } = await tx.query<{ value: Partial<TimeLimits> }>(`SELECT value FROM settings WHERE key = 'time_limits'`);
  return resolveTimeLimits(rows[0]?.value ?? {});
}

/** The capacity in which the caller takes `action`: the first of its actors the state machine accepts. */
export function capacityFor(actors: readonly Actor[], action: NeedAction): Actor | undefined {
  return actors.find((a) => NEED_TRANSITIONS[action].actors.includes(a));
}

/** Maps rows to summaries; records one audit row per contact shown unmasked to staff. */
export async function toSummaries(deps: Deps, tx: Queryable, p: Principal, rows: NeedRow[], purpose: string): Promise<NeedSummary[]> {
  const audited: string[] = [];
  const limits = rows.length ? await loadTimeLimits(tx) : resolveTimeLimits();
  const cal = rows.length ? await loadCalendar(deps, tx) : null;
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
      clock: needClock(row.state, { acceptBy: row.accept_by, replyBy: row.reply_by, rateBy: row.rate_by }, today, limits, cal!),
    } satisfies NeedSummary;
  });
  if (audited.length) {
    await tx.query(
      `INSERT INTO pii_access_log (user_id, subject_kind, subject_id, purpose)
       SELECT $1, 'need', unnest($2::uuid[]), $3`,
      [p.id, audited, purpose],
    );
  }
  return out;
}

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

export async function loadNeedRow(tx: Queryable, id: string, forUpdate = false): Promise<NeedRow | null> {
  if (forUpdate) await tx.query('SELECT 1 FROM needs WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await tx.query<NeedRow>(`${NEED_SELECT} WHERE n.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function openTaskCount(tx: Queryable, needId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks WHERE need_id = $1 AND state = ANY($2::text[])', [
    needId,
    OPEN_TASK_STATES,
  ]);
  return rows[0]?.n ?? 0;
}

/** A declined task (over `tasks`): with replaced_by IS NULL, one no re-dispatch has replaced yet. */
export const UNREPLACED_DECLINE = is('state', 'declined' satisfies TaskState);

/** Declined tasks no re-dispatch has replaced yet: they too keep a need from completing. */
export async function unreplacedDeclineCount(tx: Queryable, needId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tasks WHERE need_id = $1 AND ${UNREPLACED_DECLINE} AND replaced_by IS NULL`,
    [needId],
  );
  return rows[0]?.n ?? 0;
}

/** The facts the need's guards depend on, read inside the caller's transaction. */
export async function guardContext(tx: Queryable, row: NeedRow) {
  const rating = await tx.query<{ resolved: boolean }>('SELECT resolved FROM ratings WHERE need_id = $1', [row.id]);
  return {
    openTasks: await openTaskCount(tx, row.id),
    unreplacedDeclines: await unreplacedDeclineCount(tx, row.id),
    ratingUnresolved: rating.rows[0] ? !rating.rows[0].resolved : false,
    signedOff: row.reviewer_id !== null,
  };
}

export async function toDetail(deps: Deps, tx: Queryable, p: Principal, row: NeedRow): Promise<NeedDetail> {
  const [summary] = await toSummaries(deps, tx, p, [row], 'need_detail');
  const actors = needActors(p, row);
  // One connection inside a transaction: queries run one after another.
  const events = await tx.query<EventRow>(`SELECT * FROM need_events WHERE need_id = $1 AND ($2 OR NOT internal) ORDER BY at, id`, [
    row.id,
    seesInternalNotes(actors),
  ]);
  const tasks = await tx.query<TaskRow>(`${TASK_SELECT} WHERE t.need_id = $1 ORDER BY t.assigned_at, t.id`, [row.id]);
  const rating = await tx.query<RatingRow>('SELECT * FROM ratings WHERE need_id = $1', [row.id]);
  const ctx = await guardContext(tx, row);
  const limits = await loadTimeLimits(tx);
  const cal = await loadCalendar(deps, tx);
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
  return {
    ...summary!,
    attachments: row.attachments,
    owner: row.owner_id ? { id: row.owner_id, name: owner.name ?? '' } : null,
    recorder: row.recorder_id ? { id: row.recorder_id, name: person(row.recorder_id, row.recorder_name_enc) } : null,
    reviewer: row.reviewer_id ? { id: row.reviewer_id, name: person(row.reviewer_id, row.reviewer_name_enc) } : null,
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
        name: e.actor_name_enc === null ? SYSTEM_ACTOR_NAME : person(e.actor_id, e.actor_name_enc),
        role: e.actor_role,
      },
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      note: e.note,
      internal: e.internal,
    })),
    tasks: tasks.rows.map((t) => toTask(deps, p, onTasks, t, row.reply_by, today, limits, cal)),
    rating: r
      ? ({
          timeliness: r.timeliness,
          professionalism: r.professionalism,
          courtesy: r.courtesy,
          overall: r.overall,
          resolved: r.resolved,
          comment: r.comment,
          createdAt: r.created_at.toISOString(),
        } satisfies Rating)
      : null,
    allowedActions: allowedNeedActions(row.state, actors, ctx).filter(
      (a) => a !== 'rate' && a !== 'expire' && ownershipRefusal(p, capacityFor(actors, a)!, a, owner) === null,
    ),
  };
}
