// The need's row: the query that reads it (with the people it names) and who the caller is to it.
import type { Actor, CategoryCode, Channel, NeedDetail, NeedState } from '@qi/shared';
import { actorsOn } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';

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
  /** 审核意见. */
  review_note: string | null;
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

export async function loadNeedRow(tx: Queryable, id: string, forUpdate = false): Promise<NeedRow | null> {
  if (forUpdate) await tx.query('SELECT 1 FROM needs WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await tx.query<NeedRow>(`${NEED_SELECT} WHERE n.id = $1`, [id]);
  return rows[0] ?? null;
}
