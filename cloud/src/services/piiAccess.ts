// Reading the log of unmasked reads of personal data (managers and
// supervisors): newest first, cursor-paged, by need, reader, kind and day.
// A page of needs shown in clear is one row naming them all (subject_ids):
// read back as one entry per need, so the log still answers per need.
import type { PiiAccessLogPage, PiiAccessLogQuery, Role } from '@qi/shared';
import { requireOversight } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { openName } from '../pii';
import { Keyset, Params } from '../db/sql';

interface Row {
  /** The row's id for its first need; for the others one derived from it (a UUID of version 4's form). */
  id: string;
  /** The row's id; with `ord`, the entry's place in the keyset. */
  log_id: string;
  ord: string;
  /** `at` to the microsecond: the needs of one row share it, and a cursor must not fall between them. */
  at_key: string;
  at: Date;
  user_id: string;
  name_enc: string | null;
  roles: Role[];
  subject_kind: string;
  subject_id: string;
  purpose: string;
  need_number: string | null;
  need_title: string | null;
}

export async function listPiiAccess(deps: Deps, p: Principal, q: PiiAccessLogQuery): Promise<PiiAccessLogPage> {
  requireOversight(p, '只有运营管理和监督部门可以查看个人信息查阅记录');
  const params = new Params();
  const param = (v: unknown) => params.add(v);
  const keyset = new Keyset<Row>(
    [
      { sql: 'l.at', type: 'timestamptz', of: (r) => r.at_key },
      { sql: 'l.id', type: 'uuid', of: (r) => r.log_id },
      { sql: 's.ord', type: 'int8', of: (r) => r.ord },
    ],
    'desc',
  );
  const where: string[] = [];
  if (q.needId) {
    const id = param(q.needId);
    where.push(`l.subject_kind = 'need' AND (l.subject_id = ${id}::uuid OR l.subject_ids @> ARRAY[${id}::uuid]) AND s.sid = ${id}::uuid`);
  }
  if (q.viewerId) where.push(`l.user_id = ${param(q.viewerId)}::uuid`);
  if (q.subjectKind) where.push(`l.subject_kind = ${param(q.subjectKind)}`);
  if (q.from) where.push(`l.at >= (${param(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.to) where.push(`l.at < ((${param(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  const after = keyset.after(params, q.cursor);
  if (after) where.push(after);
  const { rows } = await deps.db.query<Row>(
    `SELECT CASE WHEN s.ord = 1 THEN l.id ELSE overlay(overlay(md5(l.id::text || s.ord) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid END AS id, l.id AS log_id, s.ord,
            l.at, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key, l.user_id, u.name_enc, u.roles, l.subject_kind, s.sid AS subject_id, l.purpose,
            n.number AS need_number, n.title AS need_title
       FROM pii_access_log l
       CROSS JOIN LATERAL unnest(coalesce(l.subject_ids, ARRAY[l.subject_id])) WITH ORDINALITY AS s (sid, ord)
       JOIN users u ON u.id = l.user_id
       LEFT JOIN needs n ON l.subject_kind = 'need' AND n.id = s.sid
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${keyset.orderBy} ${keyset.limit(params, q.limit)}`,
    params.values,
  );
  const { page, nextCursor } = keyset.page(rows, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      viewer: { id: r.user_id, name: openName(deps.pii, r.name_enc), roles: r.roles },
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      need: r.need_number !== null ? { id: r.subject_id, number: r.need_number, title: r.need_title ?? '' } : null,
      purpose: r.purpose,
    })),
    nextCursor,
  };
}
