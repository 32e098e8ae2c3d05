// Reading the log of unmasked reads of personal data (managers and
// supervisors): newest first, cursor-paged, by need, reader, kind and day.
import type { PiiAccessLogPage, PiiAccessLogQuery, Role } from '@qi/shared';
import { requireOversight } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { openName } from '../pii';
import { newestFirst, Params } from '../db/sql';

interface Row {
  id: string;
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
  const keyset = newestFirst<Row>('l', 'at', (r) => r.at);
  const where: string[] = [];
  if (q.needId) where.push(`l.subject_kind = 'need' AND l.subject_id = ${param(q.needId)}::uuid`);
  if (q.viewerId) where.push(`l.user_id = ${param(q.viewerId)}::uuid`);
  if (q.subjectKind) where.push(`l.subject_kind = ${param(q.subjectKind)}`);
  if (q.from) where.push(`l.at >= (${param(q.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (q.to) where.push(`l.at < ((${param(q.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  const after = keyset.after(params, q.cursor);
  if (after) where.push(after);
  const { rows } = await deps.db.query<Row>(
    `SELECT l.id, l.at, l.user_id, u.name_enc, u.roles, l.subject_kind, l.subject_id, l.purpose,
            n.number AS need_number, n.title AS need_title
       FROM pii_access_log l
       JOIN users u ON u.id = l.user_id
       LEFT JOIN needs n ON l.subject_kind = 'need' AND n.id = l.subject_id
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
