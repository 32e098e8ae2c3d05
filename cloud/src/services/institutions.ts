// The public institution directory (机构名录): institutions in good standing
// that offer a category or a service item (in a region), with public fields only.
import { OFFERED_PROVIDER_STATUSES, type Institution, type InstitutionQuery } from '@qi/shared';
import { isIn, Params } from '../db/sql';
import type { Deps } from '../deps';
import { institutionView, type InstitutionRow } from './directory';

/** Active and warned institutions (suspended and exited ones are not offered), by name. */
export async function listPublicInstitutions(deps: Deps, q: InstitutionQuery): Promise<Institution[]> {
  const params = new Params();
  const where = [isIn('status', OFFERED_PROVIDER_STATUSES)];
  if (q.category) where.push(`${params.add(q.category)} = ANY(categories)`);
  if (q.item) where.push(`${params.add(q.item)} = ANY(items)`);
  if (q.region) where.push(`region = ${params.add(q.region)}`);
  const { rows } = await deps.db.query<InstitutionRow>(
    `SELECT id, name, categories, items, region, status, qualifications, intro
       FROM institutions WHERE ${where.join(' AND ')} ORDER BY name`,
    params.values,
  );
  return rows.map(institutionView);
}
