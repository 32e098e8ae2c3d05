// Statistics (效能评估): the overview of a period for managers, supervisors
// (desensitised) and station staff (their stations).
import { STATS_PATHS, StatsOverviewSchema, StatsQuerySchema } from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { exportStatsOverview, XLSX_TYPE } from '../services/stats/exportOverview';
import { getStatsOverview } from '../services/stats/getOverview';
import { contentDisposition, createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

const ROLES = ['manager', 'supervisor', 'specialist'] as const;

export function statsRoutes(deps: Deps) {
  const r = createRouter(STATS_PATHS.overview);

  r.openapi(
    defineRoute(deps, {
      operationId: 'getStatsOverview',
      method: 'get',
      path: STATS_PATHS.overview,
      tag: '效能评估',
      summary:
        '统计概览：一段时间内的需求分布、状态、用时（工作日中位数与 90 分位）、及时率、满意度、解决率、投诉、服务机构排名，并与上一周期对比',
      description:
        '按需求提交日统计，区间两端都含；可按站点、类别、渠道、地区筛选（投诉只按站点筛选）。服务专员只能看本人所在站点；监督部门看到的专家姓名已脱敏。',
      access: 'signedIn',
      roles: ROLES,
      request: { query: StatsQuerySchema },
      responses: { 200: jsonResponse(StatsOverviewSchema, '统计概览', ex.statsOverview) },
    }),
    async (c) => c.json(await getStatsOverview(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'exportStatsOverview',
      method: 'get',
      path: STATS_PATHS.overviewXlsx,
      tag: '效能评估',
      summary: '统计概览导出为 Excel（.xlsx），用于向统筹部门的月度报告：与统计概览同样的数字、范围与脱敏',
      access: 'signedIn',
      roles: ROLES,
      request: { query: StatsQuerySchema },
      responses: {
        200: { description: 'Excel 工作簿', content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } } },
      },
    }),
    async (c) => {
      const { body, filename } = await exportStatsOverview(deps, c.get('principal'), c.req.valid('query'));
      return c.body(body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': contentDisposition(
          'attachment',
          filename,
          `stats-${c.req.valid('query').from}-${c.req.valid('query').to}.xlsx`,
        ),
        'Cache-Control': 'no-store',
      });
    },
  );
  return [r];
}
