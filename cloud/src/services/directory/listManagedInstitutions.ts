// The manager's institution list: every status, contacts masked, by name.
import type { ManagedDirectoryQuery, ManagedInstitution } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { INSTITUTION_ADMIN_SELECT, managedInstitutionView, onlyManagers, type InstitutionAdminRow } from './records';

export async function listManagedInstitutions(deps: Deps, p: Principal, q: ManagedDirectoryQuery): Promise<ManagedInstitution[]> {
  onlyManagers(p);
  const params: unknown[] = [];
  const where: string[] = [];
  if (q.q) {
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(name ILIKE $${params.length} OR credit_code ILIKE $${params.length})`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  const { rows } = await deps.db.query<InstitutionAdminRow>(
    `${INSTITUTION_ADMIN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id`,
    params,
  );
  return rows.map((r) => managedInstitutionView(deps.pii, r));
}
