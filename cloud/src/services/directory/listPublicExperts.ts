// The public expert directory (专家库) in 服务大厅: active and warned experts
// in a category, an item or a region, public fields only (no contact).
import { OFFERED_PROVIDER_STATUSES, type Expert, type ExpertQuery } from '@qi/shared';
import { isIn } from '../../db/sql';
import type { Deps } from '../../deps';
import { EXPERT_COLUMNS, expertView, type ExpertRow } from '../directory';

export const PUBLIC_EXPERT_SELECT = `SELECT ${EXPERT_COLUMNS} FROM experts`;

export async function listPublicExperts(deps: Deps, q: ExpertQuery): Promise<Expert[]> {
  const params: unknown[] = [];
  const where = [isIn('status', OFFERED_PROVIDER_STATUSES)];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    where.push(sql(params.length));
  };
  if (q.category) add((n) => `$${n} = ANY(fields)`, q.category);
  if (q.item) add((n) => `$${n} = ANY(items)`, q.item);
  if (q.region) add((n) => `region = $${n}`, q.region);
  const { rows } = await deps.db.query<ExpertRow>(`${PUBLIC_EXPERT_SELECT} WHERE ${where.join(' AND ')} ORDER BY name, id`, params);
  return rows.map(expertView);
}
