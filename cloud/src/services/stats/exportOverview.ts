// GET /api/stats/overview.xlsx: the overview the caller may read, as a workbook.
import type { StatsQuery } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { getStatsOverview } from './getOverview';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function exportStatsOverview(deps: Deps, p: Principal, q: StatsQuery): Promise<{ body: Uint8Array; filename: string }> {
  const o = await getStatsOverview(deps, p, q);
  const scope = o.desensitised ? '全部站点（已脱敏）' : p.roles.includes('manager') ? '全部站点' : '本人所在站点';
  // exceljs (and its zip libraries) loads with the first export, not with the app.
  const { overviewWorkbook } = await import('./overviewWorkbook');
  return { body: await overviewWorkbook(o, scope), filename: `效能评估-${q.from}-${q.to}.xlsx` };
}
