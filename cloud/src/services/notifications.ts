// Notifications: the in-app inbox of every role and who is told of what. In-app
// rows are written in the transaction of the change they report; WeChat
// subscribe messages (subscribeMessages.ts) go out after the commit.
import { type Notification, type NotificationKind, type NotificationListQuery, type NotificationPage } from '@qi/shared';
import { inQueue, taskProviders } from '../auth/policy';
import { loadPrincipalsWithRole } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { camelize, newestFirst, Params } from '../db/sql';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';

export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body: string;
  needId?: string | null;
  taskId?: string | null;
}

// ---- who is told ------------------------------------------------------------------

/** Writes one notification per user (duplicates and `except` dropped); returns how many. */
export async function notifyUsers(
  tx: Queryable,
  userIds: readonly string[],
  n: NotificationInput,
  except: string | null = null,
): Promise<number> {
  const ids = [...new Set(userIds)].filter((id) => id !== except);
  if (!ids.length) return 0;
  await tx.query(
    `INSERT INTO notifications (user_id, need_id, task_id, kind, title, body)
     SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6`,
    [ids, n.needId ?? null, n.taskId ?? null, n.kind, n.title, n.body],
  );
  return ids.length;
}

const ids = async (tx: Queryable, sql: string, params: unknown[]): Promise<string[]> =>
  (await tx.query<{ id: string }>(sql, params)).rows.map((r) => r.id);

/** The specialists whose queue holds a need at this station (null: the 服务中心's queue). */
export const queueSpecialistIds = async (tx: Queryable, stationId: string | null): Promise<string[]> =>
  (await loadPrincipalsWithRole(tx, 'specialist')).filter((s) => inQueue(s, stationId)).map((s) => s.id);

export const managerIds = (tx: Queryable) => ids(tx, `SELECT id FROM users WHERE 'manager' = ANY(roles)`, []);

/** The provider accounts of a task's institution or expert. */
export const taskProviderIds = (tx: Queryable, institutionId: string | null, expertId: string | null) =>
  ids(tx, `SELECT u.id FROM users u WHERE ${taskProviders('$1', '$2')}`, [institutionId, expertId]);

export const enterpriseUserIds = (tx: Queryable, enterpriseId: string) =>
  ids(tx, `SELECT id FROM users WHERE enterprise_id = $1 AND 'enterprise' = ANY(roles)`, [enterpriseId]);

/** Who owns the work of a need: its owner, else its queue. */
export async function needOwnerIds(tx: Queryable, need: { owner_id: string | null; station_id: string | null }) {
  return need.owner_id ? [need.owner_id] : queueSpecialistIds(tx, need.station_id);
}

// ---- the in-app inbox ---------------------------------------------------------------

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  need_id: string | null;
  task_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** A NotificationRow's columns, in the contract's order: the view renames them and writes the instants as text. */
const NOTIFICATION_COLUMNS = 'id, kind, title, body, need_id, task_id, created_at, read_at';

const view = (r: NotificationRow): Notification => ({
  ...camelize(r),
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
    userId,
  ]);
  return rows[0]!.n;
}

/** The caller's notifications, newest first, cursor-paged, with the unread count. */
export async function listNotifications(deps: Deps, p: Principal, q: NotificationListQuery): Promise<NotificationPage> {
  const params = new Params();
  const keyset = newestFirst<NotificationRow>('o', 'created_at', (r) => r.created_at);
  const where = [`o.user_id = ${params.add(p.id)}`];
  if (q.unread) where.push('o.read_at IS NULL');
  const after = keyset.after(params, q.cursor);
  if (after) where.push(after);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications o WHERE ${where.join(' AND ')} ORDER BY ${keyset.orderBy} ${keyset.limit(params, q.limit)}`,
      params.values,
    );
    const { page, nextCursor } = keyset.page(rows, q.limit);
    return {
      items: page.map(view),
      nextCursor,
      unread: await unreadCount(tx, p.id),
    };
  });
}

/** Marks one of the caller's notifications read (again: no change); 404 for anyone else's. */
export async function markRead(deps: Deps, p: Principal, id: string): Promise<Notification> {
  const { rows } = await deps.db.query<NotificationRow>(
    `UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING ${NOTIFICATION_COLUMNS}`,
    [id, p.id, deps.now()],
  );
  if (!rows[0]) fail('not_found', '没有找到该通知');
  return view(rows[0]!);
}

export async function markAllRead(deps: Deps, p: Principal): Promise<{ updated: number; unread: number }> {
  const res = await deps.db.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [p.id, deps.now()]);
  return { updated: res.rowCount, unread: await unreadCount(deps.db, p.id) };
}

// Subscribe messages live beside the inbox; callers reach both from here.
export {
  deliverMessages,
  MAX_SEND_ATTEMPTS,
  NEED_STATUS_PAGE,
  pendingMessageIds,
  queueNeedStatusMessages,
  recordSubscription,
  subscriptionStatus,
} from './subscribeMessages';
