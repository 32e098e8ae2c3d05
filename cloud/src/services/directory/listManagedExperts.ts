// The manager's expert list: every status, contacts masked, by name.
import type { ManagedDirectoryQuery, ManagedExpert } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { EXPERT_ADMIN_SELECT, managedExpertView, onlyManagers, type ExpertAdminRow } from './records';

export async function listManagedExperts(deps: Deps, p: Principal, q: ManagedDirectoryQuery): Promise<ManagedExpert[]> {
  onlyManagers(p);
  const params: unknown[] = [];
  const where: string[] = [];
  if (q.q) {
    params.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(name ILIKE $${params.length} OR organisation ILIKE $${params.length})`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  const { rows } = await deps.db.query<ExpertAdminRow>(
    `${EXPERT_ADMIN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id`,
    params,
  );
  return rows.map((r) => managedExpertView(deps.pii, r));
}
