// Who may read the statistics, and over which stations: managers and
// supervisors every station (supervisors desensitised), a specialist the
// stations whose queue they work (the 服务中心's desk also the needs raised
// without a station). Anyone else is refused.
import type { StatsQuery } from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { fail } from '../../errors';

export interface StatsScope {
  /** Station keys of the rollups ('' = no station) the caller may read; null: all. */
  stations: string[] | null;
  /** Experts' names masked (supervisors: 统筹部门 read figures, not people). */
  desensitised: boolean;
}

export function statsScope(p: Principal, q: Pick<StatsQuery, 'stationId'>): StatsScope {
  if (has(p, 'manager')) return { stations: null, desensitised: false };
  if (has(p, 'supervisor')) return { stations: null, desensitised: true };
  if (has(p, 'specialist')) {
    const mine = [...p.stationIds, ...(p.atCenter ? [''] : [])];
    if (q.stationId && !p.stationIds.includes(q.stationId)) fail('forbidden', '只能查看本人所在服务站点的统计');
    if (!mine.length) fail('forbidden', '您尚未分配到服务站点，无法查看统计');
    return { stations: mine, desensitised: false };
  }
  return fail('forbidden', '只有运营管理、监督部门和服务专员可以查看统计');
}
