// The half-year summary (DB46 9.1.3: 每半年形成工作总结): for a chosen period,
// a printable PDF with the statistics overview's figures (the statistics
// service itself, with its scope and desensitisation), the complaints and
// their outcomes, the follow-ups of bad ratings, and the providers warned,
// suspended or exited (from the directory's change history). Managers and supervisors.
import {
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TARGET_LABELS,
  maskName,
  PROVIDER_STATUS_LABELS,
  STATS_HEADLINE_LABELS,
  type ComplaintState,
  type ComplaintTarget,
  type HalfYearQuery,
  type ProviderStatus,
  type StatsHeadline,
} from '@qi/shared';
import { administers, requireOversight } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { getStatsOverview } from '../stats/getOverview';
import { beijingTime } from './archivePdf';
import { PdfBuilder } from './pdfDocument';

const RATE_KEYS = new Set<keyof StatsHeadline>([
  'instantAnswerShare',
  'acceptOnTimeRate',
  'replyOnTimeRate',
  'satisfiedRate',
  'resolutionRate',
]);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const headlineValue = (k: keyof StatsHeadline, v: number | null) => (RATE_KEYS.has(k) ? pct(v) : v === null ? '—' : String(v));

/** The period's bounds as Beijing days, for timestamp columns. */
const FROM_TS = `$1::date::timestamp AT TIME ZONE 'Asia/Shanghai'`;
const UNTIL_TS = `($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

export async function halfYearSummaryPdf(deps: Deps, p: Principal, q: HalfYearQuery): Promise<Buffer> {
  requireOversight(p, '只有运营管理与监督部门可以生成半年工作总结');
  const masked = !administers(p);
  const o = await getStatsOverview(deps, p, { from: q.from, to: q.to });
  const complaints = await deps.db.query<{
    created_at: Date;
    target_kind: ComplaintTarget;
    need_number: string | null;
    provider: string | null;
    provider_is_expert: boolean;
    state: ComplaintState;
    outcome: string | null;
    content: string;
  }>(
    `SELECT c.created_at, c.target_kind, n.number AS need_number, c.state, c.outcome, c.content,
            coalesce(i.name, x.name) AS provider, x.id IS NOT NULL AS provider_is_expert
       FROM complaints c LEFT JOIN needs n ON n.id = c.need_id
       LEFT JOIN institutions i ON c.target_kind = 'provider' AND i.id = c.target_id
       LEFT JOIN experts x ON c.target_kind = 'provider' AND x.id = c.target_id
      WHERE c.created_at >= ${FROM_TS} AND c.created_at < ${UNTIL_TS}
      ORDER BY c.created_at, c.id`,
    [q.from, q.to],
  );
  const followUps = await deps.db.query<{ created_at: Date; number: string; reason: string; resolved_at: Date | null }>(
    `SELECT f.created_at, n.number, f.reason, f.resolved_at FROM follow_ups f JOIN needs n ON n.id = f.need_id
      WHERE f.created_at >= ${FROM_TS} AND f.created_at < ${UNTIL_TS}
      ORDER BY f.created_at, f.id`,
    [q.from, q.to],
  );
  const statusChanges = await deps.db.query<{
    at: Date;
    kind: 'institution' | 'expert';
    name: string;
    from: string | null;
    to: ProviderStatus;
  }>(
    `SELECT dc.at, dc.subject_kind AS kind, coalesce(i.name, x.name) AS name, ch ->> 'from' AS "from", ch ->> 'to' AS "to"
       FROM directory_changes dc
       CROSS JOIN LATERAL jsonb_array_elements(dc.changes) ch
       LEFT JOIN institutions i ON dc.subject_kind = 'institution' AND i.id = dc.subject_id
       LEFT JOIN experts x ON dc.subject_kind = 'expert' AND x.id = dc.subject_id
      WHERE ch ->> 'field' = 'status' AND ch ->> 'to' IN ('warned', 'suspended', 'exited')
        AND dc.at >= ${FROM_TS} AND dc.at < ${UNTIL_TS}
      ORDER BY dc.at, dc.id`,
    [q.from, q.to],
  );

  const pdf = new PdfBuilder({ title: `半年工作总结 ${q.from} 至 ${q.to}`, footer: `半年工作总结 · ${q.from} 至 ${q.to}` });
  pdf.title(
    '质量基础设施“一站式”服务 工作总结',
    `统计期间 ${q.from} 至 ${q.to}\u3000生成时间 ${beijingTime(deps.now().toISOString())}（北京时间）`,
  );
  if (o.desensitised || masked) pdf.paragraph('本总结为脱敏版本：专家姓名已隐去部分字符。', { muted: true });
  if (o.provisionalYears.length) pdf.paragraph(`${o.provisionalYears.join('、')} 年的工作日暂按法定假日计算。`, { muted: true });

  pdf.heading('一、主要指标（与上一周期对比）');
  pdf.table(
    ['指标', `本期（${o.period.from} 至 ${o.period.to}）`, `上期（${o.previousPeriod.from} 至 ${o.previousPeriod.to}）`],
    (Object.keys(STATS_HEADLINE_LABELS) as (keyof StatsHeadline)[]).map((k) => [
      STATS_HEADLINE_LABELS[k],
      headlineValue(k, o.current[k]),
      headlineValue(k, o.previous[k]),
    ]),
    [0.4, 0.3, 0.3],
  );
  pdf.heading('二、需求分布');
  pdf.bars('按月份', o.byMonth);
  pdf.bars('按服务类别', o.byCategory);
  pdf.bars('按受理渠道', o.byChannel);
  pdf.bars('按服务站点', o.byStation);
  pdf.bars('按地区', o.byRegion);
  pdf.bars(
    '当前状态',
    o.states.filter((r) => r.count > 0),
  );

  pdf.heading('三、办理时效与满意度');
  pdf.table(
    ['用时（工作日）', '计数', '中位数', '90 分位'],
    [
      ['首次响应', String(o.durations.accept.count), String(o.durations.accept.median ?? '—'), String(o.durations.accept.p90 ?? '—')],
      ['办结', String(o.durations.complete.count), String(o.durations.complete.median ?? '—'), String(o.durations.complete.p90 ?? '—')],
    ],
    [0.4, 0.2, 0.2, 0.2],
  );
  pdf.table(
    ['时限', '按时', '超时', '及时率'],
    o.onTime.map((r) => [r.label, String(r.onTime), String(r.late), pct(r.rate)]),
    [0.4, 0.2, 0.2, 0.2],
  );
  pdf.table(
    ['评价项目', '评价数', '满意率'],
    o.satisfaction.map((s) => [s.label, String(s.total), pct(s.satisfiedRate)]),
    [0.5, 0.25, 0.25],
  );
  const overall = o.satisfaction.find((q) => q.question === 'overall');
  if (overall) pdf.bars(`${overall.label}分布`, overall.counts);
  pdf.paragraph(
    `问题解决 ${o.resolution.resolved} 项、未解决 ${o.resolution.unresolved} 项，解决率 ${pct(o.resolution.rate)}；即时答复 ${o.instantAnswer.answered} 项，占已响应需求的 ${pct(o.instantAnswer.share)}。`,
  );
  pdf.heading('四、服务机构与专家');
  pdf.table(
    ['名称', '任务数', '已完成', '已退回', '完成率'],
    o.providers.map((r) => [r.name, String(r.tasks), String(r.done), String(r.declined), pct(r.doneRate)]),
    [0.4, 0.15, 0.15, 0.15, 0.15],
  );

  pdf.heading('五、投诉及处理结果');
  pdf.paragraph(`本期投诉 ${o.complaints.total} 件，已办结 ${o.complaints.resolved} 件，其中超期办结 ${o.complaints.resolvedLate} 件。`);
  pdf.table(
    ['时间', '对象', '内容', '状态', '处理结果'],
    complaints.rows.map((c) => [
      beijingTime(c.created_at.toISOString()),
      `${COMPLAINT_TARGET_LABELS[c.target_kind]}${c.need_number ? ` ${c.need_number}` : ''}${c.provider ? ` ${c.provider_is_expert && masked ? maskName(c.provider) : c.provider}` : ''}`,
      c.content,
      COMPLAINT_STATE_LABELS[c.state],
      c.outcome ?? '',
    ]),
    [0.16, 0.2, 0.3, 0.1, 0.24],
  );

  pdf.heading('六、回访与持续改进');
  pdf.table(
    ['发起时间', '需求编号', '原因', '办结时间'],
    followUps.rows.map((f) => [beijingTime(f.created_at.toISOString()), f.number, f.reason, beijingTime(f.resolved_at?.toISOString())]),
    [0.2, 0.25, 0.35, 0.2],
  );

  pdf.heading('七、警示、暂停与退出的服务机构和专家');
  pdf.table(
    ['时间', '类型', '名称', '状态变化'],
    statusChanges.rows.map((s) => [
      beijingTime(s.at.toISOString()),
      s.kind === 'institution' ? '服务机构' : '专家',
      s.kind === 'expert' && masked ? maskName(s.name) : s.name,
      `${s.from ? (PROVIDER_STATUS_LABELS[s.from as ProviderStatus] ?? s.from) : ''} → ${PROVIDER_STATUS_LABELS[s.to]}`,
    ]),
    [0.2, 0.15, 0.35, 0.3],
  );
  return pdf.end();
}
