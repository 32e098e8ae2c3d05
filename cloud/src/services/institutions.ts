// The public institution directory (机构名录): institutions in good standing
// that offer a category or a service item (in a region), with public fields only.
import type { Institution, InstitutionQuery } from '@qi/shared';
import type { Deps } from '../deps';
import { institutionView, type InstitutionRow } from './directory';

/** Active and warned institutions (suspended and exited ones are not offered), by name. */
export async function listPublicInstitutions(deps: Deps, q: InstitutionQuery): Promise<Institution[]> {
  const params: unknown[] = [];
  const where = [`status IN ('active', 'warned')`];
  if (q.category) {
    params.push(q.category);
    where.push(`$${params.length} = ANY(categories)`);
  }
  if (q.item) {
    params.push(q.item);
    where.push(`$${params.length} = ANY(items)`);
  }
  if (q.region) {
    params.push(q.region);
    where.push(`region = $${params.length}`);
  }
  const { rows } = await deps.db.query<InstitutionRow>(
    `SELECT id, name, categories, items, region, status, qualifications, intro
       FROM institutions WHERE ${where.join(' AND ')} ORDER BY name`,
    params,
  );
  return rows.map(institutionView);
}
