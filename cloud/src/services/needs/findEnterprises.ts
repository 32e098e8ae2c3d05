// The window intake's enterprise lookup (specialists and managers).
import type { EnterpriseHit } from '@qi/shared';
import { isServiceStaff } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { containsPattern } from '../inbox';

/** The window intake's lookup: enterprises by 统一社会信用代码 or by name (specialists only). */
export async function findEnterprises(deps: Deps, p: Principal, q: string): Promise<EnterpriseHit[]> {
  if (!isServiceStaff(p.roles)) fail('forbidden', '只有服务专员可以查找企业');
  const code = q.toUpperCase().replace(/\s+/g, '');
  const { rows } = await deps.db.query<{ id: string; name: string; credit_code: string | null; region: string }>(
    `SELECT id, name, credit_code, region FROM enterprises
      WHERE credit_code = $1 OR name ILIKE $2
      ORDER BY (credit_code = $1) DESC NULLS LAST, (name = $3) DESC, length(name), name LIMIT 20`,
    [code, containsPattern(q), q],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, region: r.region }));
}
