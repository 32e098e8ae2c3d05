// The statistics overview as an Excel workbook for the monthly report to the
// 统筹部门: the same figures as GET /api/stats/overview (the caller's scope and
// desensitisation included), one sheet per theme, rates as percentages.
import { STATS_HEADLINE_LABELS, type StatsCountRow, type StatsHeadline, type StatsOverview } from '@qi/shared';
import type ExcelJS from 'exceljs';
// The workbook alone: exceljs's index also loads its streaming reader and writer (unzipper,
// archiver and their dependencies, over half a megabyte bundled) that an export never uses.
// @ts-expect-error -- exceljs types its index only; this file's export is the index's Workbook class.
import WorkbookClass from 'exceljs/lib/doc/workbook.js';

const Workbook = WorkbookClass as typeof ExcelJS.Workbook;

const RATE_KEYS = new Set<keyof StatsHeadline>([
  'instantAnswerShare',
  'acceptOnTimeRate',
  'replyOnTimeRate',
  'satisfiedRate',
  'resolutionRate',
]);

type Cell = string | number | null;

function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  blocks: { title: string; header: string[]; rows: Cell[][]; percentCols?: number[] }[],
) {
  const ws = wb.addWorksheet(name);
  ws.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];
  for (const b of blocks) {
    ws.addRow([b.title]).font = { bold: true, size: 12 };
    ws.addRow(b.header).font = { bold: true };
    for (const r of b.rows) {
      const row = ws.addRow(r);
      for (const c of b.percentCols ?? []) row.getCell(c).numFmt = '0.00%';
    }
    ws.addRow([]);
  }
}

const counts = (rows: readonly StatsCountRow[]): Cell[][] => rows.map((r) => [r.label, r.count]);

export async function overviewWorkbook(o: StatsOverview, scopeNote: string): Promise<Uint8Array> {
  const wb = new Workbook();
  wb.creator = '质量基础设施一站式服务平台';
  const f = o.filters;
  const filterText = [
    f.stationId && `站点 ${o.byStation.find((s) => s.key === f.stationId)?.label ?? f.stationId}`,
    f.category,
    f.channel,
    f.region,
  ]
    .filter(Boolean)
    .join('、');
  const keys = Object.keys(STATS_HEADLINE_LABELS) as (keyof StatsHeadline)[];
  addSheet(wb, '概览', [
    {
      title: `统计区间 ${o.period.from} 至 ${o.period.to}（上一周期 ${o.previousPeriod.from} 至 ${o.previousPeriod.to}）`,
      header: [
        '筛选',
        filterText || '全部',
        '范围',
        scopeNote,
        o.provisionalYears.length ? `${o.provisionalYears.join('、')} 年暂按法定假日计算` : '',
      ],
      rows: [],
    },
    {
      title: '主要指标与上一周期对比',
      header: ['指标', '本期', '上期', '变化'],
      rows: keys.map((k) => {
        const cur = o.current[k];
        const prev = o.previous[k];
        return [STATS_HEADLINE_LABELS[k], cur, prev, cur !== null && prev !== null ? Math.round((cur - prev) * 10_000) / 10_000 : null];
      }),
      percentCols: [],
    },
  ]);
  // Rates of the comparison as percentages: rows 4.. in key order.
  const overview = wb.getWorksheet('概览')!;
  keys.forEach((k, i) => {
    if (!RATE_KEYS.has(k)) return;
    for (const c of [2, 3, 4]) overview.getRow(6 + i).getCell(c).numFmt = '0.00%';
  });
  addSheet(wb, '需求分布', [
    { title: '按服务类别', header: ['类别', '需求数'], rows: counts(o.byCategory) },
    { title: '按服务事项', header: ['事项', '需求数'], rows: counts(o.byItem) },
    { title: '按站点', header: ['站点', '需求数'], rows: counts(o.byStation) },
    { title: '按受理渠道', header: ['渠道', '需求数'], rows: counts(o.byChannel) },
    { title: '按地区', header: ['地区', '需求数'], rows: counts(o.byRegion) },
    { title: '按月份', header: ['月份', '需求数'], rows: counts(o.byMonth) },
    { title: '当前状态', header: ['状态', '需求数'], rows: counts(o.states) },
  ]);
  addSheet(wb, '办理时效', [
    {
      title: '用时（工作日）',
      header: ['', '件数', '中位数', '90 分位'],
      rows: [
        ['受理（首次响应）', o.durations.accept.count, o.durations.accept.median, o.durations.accept.p90],
        ['办结', o.durations.complete.count, o.durations.complete.median, o.durations.complete.p90],
      ],
    },
    {
      title: '按时限办理',
      header: ['时限', '按时', '超时', '及时率'],
      rows: o.onTime.map((c) => [c.label, c.onTime, c.late, c.rate]),
      percentCols: [4],
    },
    {
      title: '即时答复',
      header: ['', '即时答复', '已响应', '占比'],
      rows: [['即时答复占比', o.instantAnswer.answered, o.instantAnswer.responded, o.instantAnswer.share]],
      percentCols: [4],
    },
  ]);
  addSheet(wb, '满意度', [
    {
      title: '满意度评价（附录 C）',
      header: ['问题', ...(o.satisfaction[0]?.counts.map((c) => c.label) ?? []), '满意率'],
      rows: o.satisfaction.map((s) => [s.label, ...s.counts.map((c) => c.count), s.satisfiedRate]),
      percentCols: [2 + (o.satisfaction[0]?.counts.length ?? 0)],
    },
    {
      title: '问题是否解决',
      header: ['已解决', '未解决', '解决率'],
      rows: [[o.resolution.resolved, o.resolution.unresolved, o.resolution.rate]],
      percentCols: [3],
    },
  ]);
  addSheet(wb, '投诉', [
    {
      title: '投诉',
      header: ['总数', '已办结', '超期办结'],
      rows: [[o.complaints.total, o.complaints.resolved, o.complaints.resolvedLate]],
    },
    { title: '按处理状态', header: ['状态', '件数'], rows: counts(o.complaints.byState) },
    { title: '按投诉对象', header: ['对象', '件数'], rows: counts(o.complaints.byTarget) },
  ]);
  if (o.improvement) {
    const { followUps: f, rectifications: r } = o.improvement;
    addSheet(wb, '持续改进', [
      {
        title: '回访与整改（本期）',
        header: ['', '新增', '已处理', '超期未处理'],
        rows: [
          ['不满意评价回访', f.opened, f.resolved, f.overdue],
          ['整改', r.opened, r.done, r.overdue],
        ],
      },
    ]);
  }
  addSheet(wb, '服务机构排名', [
    {
      title: '服务机构与专家（按完成任务数）',
      header: ['名称', '类型', '任务数', '已完成', '已拒绝', '完成率'],
      rows: o.providers.map((p) => [p.name, p.kind === 'expert' ? '专家' : '机构', p.tasks, p.done, p.declined, p.doneRate]),
      percentCols: [6],
    },
  ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
