// The archive search (档案检索): needs by number, enterprise, category,
// submission day and state, newest first, cursor-paged; what each caller may
// see of needs (a specialist its queue and its own, oversight every one).
// The list names no person, so supervisors get it as it is.
import type { ArchivePage, ArchiveSearchQuery, ArchiveSummary, CategoryCode, NeedState } from '@qi/shared';
import { has, needVisibility, oversees } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { newestFirst, Params } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';

interface Row {
  id: string;
  number: string;
  title: string;
  state: NeedState;
  categories: CategoryCode[];
  enterprise_id: string;
  enterprise_name: string;
  submitted_on: string;
  closed_at: Date | null;
  created_at: Date;
  reviews: number;
}

const ORDER = newestFirst<Row>('n', 'created_at', (r) => r.created_at);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchArchives(deps: Deps, p: Principal, q: ArchiveSearchQuery): Promise<ArchivePage> {
  if (!oversees(p) && !has(p, 'specialist')) fail('forbidden', '只有服务专员、运营管理与监督部门可以检索档案');
  const params = new Params();
  const where = [needVisibility(p, params)];
  if (q.number) where.push(`n.number LIKE ${params.add(`${likeEscape(q.number.toUpperCase())}%`)}`);
  if (q.enterprise) {
    const e = q.enterprise;
    where.push(`(e.name ILIKE ${params.add(`%${likeEscape(e)}%`)} OR e.credit_code = ${params.add(e.toUpperCase())})`);
  }
  if (q.category) where.push(`${params.add(q.category)} = ANY(n.categories)`);
  if (q.state) where.push(`n.state = ${params.add(q.state)}`);
  if (q.from) where.push(`n.submitted_on >= ${params.add(q.from)}::date`);
  if (q.to) where.push(`n.submitted_on <= ${params.add(q.to)}::date`);
  const after = ORDER.after(params, q.cursor);
  if (after) where.push(after);
  const { rows } = await deps.db.query<Row>(
    `SELECT n.id, n.number, n.title, n.state, n.categories, n.enterprise_id, e.name AS enterprise_name, n.submitted_on,
            n.closed_at, n.created_at, (SELECT count(*)::int FROM archive_reviews r WHERE r.need_id = n.id) AS reviews
       FROM needs n JOIN enterprises e ON e.id = n.enterprise_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${ORDER.orderBy} ${ORDER.limit(params, q.limit)}`,
    params.values,
  );
  const { page, nextCursor } = ORDER.page(rows, q.limit);
  return {
    items: page.map((r): ArchiveSummary => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      categories: r.categories,
      enterprise: { id: r.enterprise_id, name: r.enterprise_name },
      submittedOn: r.submitted_on,
      closedAt: r.closed_at?.toISOString() ?? null,
      reviews: r.reviews,
    })),
    nextCursor,
    desensitised: !has(p, 'specialist') && !has(p, 'manager'),
  };
}
