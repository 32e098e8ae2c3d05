// The printable archives: a need's archive (its 需求登记表 as filled — DB46
// Annex B — then the process record, tasks, the Annex C rating, complaints and
// the periodic reviews) and an enterprise's dossier, drawn from the same views
// the API returns, so masking is exactly theirs.
import {
  CHANNEL_LABELS,
  COMPLAINT_STATE_LABELS,
  COMPLAINT_TARGET_LABELS,
  categoryLabel,
  ITEM_BY_CODE,
  NEED_ACTION_LABELS,
  NEED_STATE_LABELS,
  SATISFACTION_LABELS,
  TASK_ACTION_LABELS,
  TASK_STATE_LABELS,
  type CategoryCode,
  type EnterpriseDossier,
  type NeedArchive,
  type NeedState,
  type SatisfactionLevel,
} from '@qi/shared';
import { PdfBuilder } from './pdfDocument';

const SCALE_LABELS: Record<string, string> = { micro: '微型', small: '小型', medium: '中型', large: '大型' };

/** A timestamp as Beijing time, to the minute: 2026-03-02 09:15. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

const categories = (codes: readonly CategoryCode[]) => codes.map((c) => categoryLabel(c)).join('、');
const items = (codes: readonly string[]) => codes.map((c) => ITEM_BY_CODE.get(c)?.item.name ?? c).join('、');
const stateLabel = (s: NeedState | null) => (s ? NEED_STATE_LABELS[s] : '');
const satisfaction = (s: SatisfactionLevel) => SATISFACTION_LABELS[s] ?? s;
/** An event's action: `submit`, a need action, or `task_<action>` (as the workbench names them). */
function actionLabel(a: string): string {
  if (a === 'submit') return '提交需求';
  if (a.startsWith('task_')) return `任务${(TASK_ACTION_LABELS as Record<string, string>)[a.slice(5)] ?? a.slice(5)}`;
  return (NEED_ACTION_LABELS as Record<string, string>)[a] ?? a;
}

const DESENSITISED_NOTE = '本档案为脱敏版本：个人姓名与联系电话已隐去部分字符。';

export async function needArchivePdf(a: NeedArchive): Promise<Buffer> {
  const n = a.need;
  const pdf = new PdfBuilder({ title: `需求档案 ${n.number}`, footer: `一项一档 · ${n.number}`, subject: n.title });
  pdf.title('质量基础设施“一站式”服务 需求档案', `统一编号 ${n.number}\u3000生成时间 ${beijingTime(a.generatedAt)}（北京时间）`);
  if (a.desensitised) pdf.paragraph(DESENSITISED_NOTE, { muted: true });

  pdf.heading('一、需求登记表（DB46/T 583 附录 B）');
  pdf.fields([
    ['需求编号', n.number],
    ['企业名称', a.enterprise.name],
    ['统一社会信用代码', a.enterprise.creditCode],
    ['所在地区', a.enterprise.region],
    ['申请人', n.applicant],
    ['联系人', n.contactName],
    ['联系电话', n.contactPhone],
    ['提出时间', beijingTime(n.createdAt)],
    ['需求类别', categories(n.categories)],
    ['服务项目', items(n.items)],
    ['需求标题', n.title],
    ['需求描述', n.description],
    ['附件', n.attachments.map((f) => f.name).join('、')],
    ['受理渠道', CHANNEL_LABELS[n.channel]],
    ['受理站点', a.stationName ?? '服务中心'],
    ['需求反馈时限', n.desiredReplyBy ?? `答复期限 ${n.deadlines.replyBy}`],
    ['需求负责人', n.owner?.name],
    ['服务机构及联系人', n.tasks.map((t) => `${t.assignee.name}（${t.assignee.contactName} ${t.assignee.contactPhone}）`).join('；')],
    ['技术服务项目及服务周期', n.servicePeriod],
    ['当前状态', stateLabel(n.state)],
    ['办理结果', n.result ?? n.answer],
    ['不予受理理由', n.rejectReason ? `${n.rejectReason}${n.referral ? `（建议：${n.referral}）` : ''}` : null],
    // A need the enterprise raised online has no window recorder: its record is kept by the specialist who accepted it.
    ['记录人', n.recorder?.name ?? (n.owner ? `${n.owner.name}（受理人）` : null)],
    ['审核人', n.reviewer ? `${n.reviewer.name}${n.reviewer.at ? `（${beijingTime(n.reviewer.at)}）` : ''}` : null],
    ['审核意见', n.reviewer?.opinion],
    ['归档时间', beijingTime(a.closedAt)],
    ['保存期限至', a.retainedUntil ?? '办结归档后起算 3 年'],
  ]);

  pdf.heading('二、过程记录');
  pdf.table(
    ['时间', '办理人', '事项', '状态变化', '说明'],
    n.events.map((e) => [
      beijingTime(e.at),
      e.actor.name,
      `${actionLabel(e.action)}${e.internal ? '（内部备注）' : ''}`,
      e.from && e.from !== e.to ? `${stateLabel(e.from)} → ${stateLabel(e.to)}` : stateLabel(e.to),
      e.note ?? '',
    ]),
    [0.18, 0.14, 0.16, 0.18, 0.34],
  );

  pdf.heading('三、服务任务及结果');
  pdf.table(
    ['服务机构/专家', '状态', '派单说明', '办理结果', '附件'],
    n.tasks.map((t) => [
      t.assignee.name,
      TASK_STATE_LABELS[t.state],
      t.note ?? '',
      t.result ?? t.declineReason ?? '',
      (t.attachments ?? []).map((f) => f.name).join('、'),
    ]),
    [0.2, 0.1, 0.2, 0.3, 0.2],
  );

  pdf.heading('四、满意度评价（DB46/T 583 附录 C）');
  if (n.rating) {
    pdf.fields([
      ['反馈及时性', satisfaction(n.rating.timeliness)],
      ['专业性', satisfaction(n.rating.professionalism)],
      ['文明性', satisfaction(n.rating.courtesy)],
      ['总体评价', satisfaction(n.rating.overall)],
      ['问题是否得到解决', n.rating.resolved ? '是' : '否'],
      ['意见和建议', n.rating.comment],
      ['评价时间', beijingTime(n.rating.createdAt)],
    ]);
  } else pdf.paragraph('尚未评价。', { muted: true });

  pdf.heading('五、投诉及处理');
  if (!a.complaints.length) pdf.paragraph('无投诉。', { muted: true });
  for (const c of a.complaints) {
    pdf.fields([
      ['投诉对象', `${COMPLAINT_TARGET_LABELS[c.targetKind]}${c.targetName ? `：${c.targetName}` : ''}`],
      ['投诉人', `${c.complainant.name}${c.complainant.enterpriseName ? `（${c.complainant.enterpriseName}）` : ''}`],
      ['投诉时间', beijingTime(c.createdAt)],
      ['投诉内容', c.content],
      ['处理状态', COMPLAINT_STATE_LABELS[c.state]],
      ['处理结果', c.outcome],
      [
        '处理记录',
        c.events.map((e) => `${beijingTime(e.at)} ${e.actorName} ${COMPLAINT_STATE_LABELS[e.to]}${e.note ? `：${e.note}` : ''}`).join('\n'),
      ],
    ]);
  }

  pdf.heading('六、档案复查记录（DB46/T 583 7.5.4）');
  pdf.table(
    ['复查时间', '复查人', '档案是否齐全', '复查意见'],
    a.reviews.map((r) => [beijingTime(r.at), r.reviewer.name, r.complete ? '齐全' : '不齐全', r.findings]),
    [0.2, 0.15, 0.15, 0.5],
  );
  return pdf.end();
}

export async function enterpriseDossierPdf(d: EnterpriseDossier): Promise<Buffer> {
  const e = d.enterprise;
  const pdf = new PdfBuilder({ title: `企业档案 ${e.name}`, footer: `一企一档 · ${e.name}` });
  pdf.title('质量基础设施“一站式”服务 企业档案', `生成时间 ${beijingTime(d.generatedAt)}（北京时间）\u3000共 ${d.needs.length} 项需求`);
  if (d.desensitised) pdf.paragraph('本档案为脱敏版本：专家姓名已隐去部分字符。', { muted: true });
  pdf.heading('一、企业信息');
  pdf.fields([
    ['企业名称', e.name],
    ['统一社会信用代码', e.creditCode],
    ['所在地区', e.region],
    ['地址', e.address],
    ['所属行业', e.industry],
    ['企业规模', e.scale ? (SCALE_LABELS[e.scale] ?? e.scale) : null],
  ]);
  pdf.heading('二、服务需求（按时间由近及远）');
  if (!d.needs.length) pdf.paragraph('暂无需求。', { muted: true });
  for (const n of d.needs) {
    pdf.fields([
      ['需求编号', n.number],
      ['需求标题', n.title],
      ['需求类别', categories(n.categories)],
      ['提出日期', n.submittedOn],
      ['状态', stateLabel(n.state)],
      ['办理结果', n.result],
      [
        '服务报告',
        n.reports.map((r) => `${r.provider}：${r.result ?? ''}${r.files.length ? `（附件：${r.files.join('、')}）` : ''}`).join('\n'),
      ],
      ['评价', n.rating ? `总体${satisfaction(n.rating.overall as SatisfactionLevel)}，问题${n.rating.resolved ? '已' : '未'}解决` : null],
      ['归档时间', beijingTime(n.closedAt)],
    ]);
  }
  return pdf.end();
}
