// The one write path of a need's state: every transition — a person's action,
// the rating, the tick's expiry — goes through transitionNeed, which writes
// the new state (guarded by the version read) and its event in the caller's
// transaction, records the in-app notifications with them, and returns the
// WeChat messages it queued for the caller to deliver after the commit.
import { NEED_ACTION_LABELS, NEED_NOTICE_TITLES, NEED_STATE_LABELS, type Actor, type NeedAction, type NeedState } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { enterpriseUserIds, notifyUsers, queueNeedStatusMessages } from '../notifications';
import type { NeedRow } from '../needView';

export interface NeedEvent {
  /** Who acted; null: the system (the scheduled tick). */
  by: Principal | null;
  role: Actor;
  action: string;
  from: NeedState | null;
  to: NeedState;
  note: string | null;
  at: Date;
  data?: Record<string, unknown>;
  internal?: boolean;
}

export async function writeNeedEvent(tx: Queryable, needId: string, e: NeedEvent): Promise<void> {
  await tx.query(
    `INSERT INTO need_events (need_id, at, actor_id, actor_name_enc, actor_role, action, from_state, to_state, note, data, internal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    // The actor's name as its account stores it (encrypted); none: the system.
    [
      needId,
      e.at,
      e.by?.id ?? null,
      e.by ? e.by.nameEnc : null,
      e.role,
      e.action,
      e.from,
      e.to,
      e.note,
      JSON.stringify(e.data ?? {}),
      e.internal ?? false,
    ],
  );
}

/** What the enterprise's members are told of a step on their need. */
export interface EnterpriseNotice {
  to: NeedState;
  /** The action's name, for the WeChat message. */
  label: string;
  /** The in-app notice's title: a sentence ("您的需求已受理"). */
  title: string;
  at: Date;
  remark?: string;
  /** The member who acted, if one did: never told of their own action. */
  actorId: string | null;
}

/**
 * Tells the enterprise's users of a change: always in-app; by WeChat
 * subscribe message on a change of state, where they consented. Returns the
 * queued messages, to deliver once the transaction has committed.
 */
export async function notifyEnterprise(deps: Deps, tx: Queryable, row: NeedRow, notice: EnterpriseNotice): Promise<string[]> {
  const need = `您的需求“${row.title}”（${row.number}）`;
  const body = notice.remark ? `${need}：${notice.remark}` : `${need}状态已更新为“${NEED_STATE_LABELS[notice.to]}”。`;
  const members = await enterpriseUserIds(tx, row.enterprise_id);
  await notifyUsers(tx, members, { kind: 'need_state', title: notice.title, body, needId: row.id }, notice.actorId);
  // A member's own step (a supplement, a withdrawal) is no news to them: no WeChat message.
  if (notice.to === row.state || notice.actorId !== null) return [];
  return queueNeedStatusMessages(deps, tx, row, notice.to, notice.remark || notice.label, notice.at);
}

/** One decided transition of a need, with what it writes besides the state. */
export interface NeedStep {
  action: NeedAction;
  by: Principal | null;
  role: Actor;
  /** The state the machine decided. */
  to: NeedState;
  at: Date;
  /** Columns of `needs` the action sets. */
  set?: Record<string, unknown>;
  note?: string | null;
  data?: Record<string, unknown>;
  internal?: boolean;
  /** Whether the enterprise is told (default: yes), and what beyond the new state. */
  tellEnterprise?: boolean;
  remark?: string;
  /** The enterprise's notice title, when the action's own (NEED_NOTICE_TITLES) says too little (转办 names the new owner). */
  title?: string;
}

/**
 * Writes the step on `row` (read under FOR UPDATE in this transaction): the
 * state, the version, the step's columns and the event. A version moved since
 * `row` was read answers 409. Returns the WeChat messages to deliver after the commit.
 */
export async function transitionNeed(deps: Deps, tx: Queryable, row: NeedRow, step: NeedStep): Promise<string[]> {
  const params = new Params(row.id, step.to, step.at, row.version);
  const set = Object.entries(step.set ?? {}).map(([column, value]) => `, ${column} = ${params.add(value)}`);
  const updated = await tx.query(
    `UPDATE needs SET state = $2, version = version + 1, updated_at = $3${set.join('')} WHERE id = $1 AND version = $4`,
    params.values,
  );
  if (updated.rowCount !== 1) fail('version_conflict');
  await writeNeedEvent(tx, row.id, {
    by: step.by,
    role: step.role,
    action: step.action,
    from: row.state,
    to: step.to,
    note: step.note ?? null,
    at: step.at,
    data: step.data,
    internal: step.internal,
  });
  if (step.tellEnterprise === false) return [];
  return notifyEnterprise(deps, tx, row, {
    to: step.to,
    label: NEED_ACTION_LABELS[step.action],
    title: step.title ?? NEED_NOTICE_TITLES[step.action],
    at: step.at,
    remark: step.remark,
    actorId: step.role === 'enterprise' ? (step.by?.id ?? null) : null,
  });
}
