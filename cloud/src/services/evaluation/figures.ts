// The figures of 动态评价, computed from the rows behind them: one row per
// task (institutions, experts) or need (specialists) entered in the window,
// and one per complaint against the subject. Each figure is a filter over
// those rows, so the evidence listed for a figure is exactly what it counts.
import type { EvaluationFigure, EvaluationFigures, EvaluationSubjectKind, EvaluationWindow, EvidenceItem, IsoDate, Rate } from '@qi/shared';
import type { Queryable } from '../../db/types';

const SATISFIED = new Set(['very_satisfied', 'satisfied']);

/** One task of a provider, or one need a specialist owned. */
export interface WorkRow {
  subject_id: string;
  need_id: string;
  number: string;
  title: string;
  task_id: string | null;
  on: IsoDate;
  state: string;
  accept_by: IsoDate | null;
  reply_by: IsoDate;
  responded_on: IsoDate | null;
  done_on: IsoDate | null;
  overall: string | null;
}

export interface ComplaintRow {
  subject_id: string;
  complaint_id: string;
  need_id: string | null;
  number: string | null;
  title: string | null;
  on: IsoDate;
  state: string;
  upheld: boolean | null;
}

export interface SubjectRows {
  work: WorkRow[];
  complaints: ComplaintRow[];
}

const day = (col: string) => `to_char((${col} AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`;

/** Tasks dispatched in the window [$1, $2] to the subjects $3 (not cancelled: a cancelled task was never theirs to serve). */
const TASK_ROWS = (column: 'institution_id' | 'expert_id') => `
  SELECT t.${column} AS subject_id, t.need_id, n.number, n.title, t.id AS task_id, ${day('t.assigned_at')} AS "on", t.state,
         to_char(t.accept_by, 'YYYY-MM-DD') AS accept_by, to_char(n.reply_by, 'YYYY-MM-DD') AS reply_by,
         ${day('t.responded_at')} AS responded_on, ${day('t.done_at')} AS done_on, r.overall
    FROM tasks t JOIN needs n ON n.id = t.need_id LEFT JOIN ratings r ON r.need_id = t.need_id
   WHERE t.${column} = ANY($3::uuid[]) AND t.state <> 'cancelled'
     AND (t.assigned_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date
   ORDER BY t.assigned_at, n.number, t.id`;

/** Needs submitted in the window that the specialists $3 own (withdrawn ones were never served). */
const NEED_ROWS = `
  SELECT n.owner_id AS subject_id, n.id AS need_id, n.number, n.title, NULL::uuid AS task_id,
         to_char(n.submitted_on, 'YYYY-MM-DD') AS "on", n.state, to_char(n.accept_by, 'YYYY-MM-DD') AS accept_by,
         to_char(n.reply_by, 'YYYY-MM-DD') AS reply_by, NULL::text AS responded_on,
         to_char(n.completed_on, 'YYYY-MM-DD') AS done_on, r.overall
    FROM needs n LEFT JOIN ratings r ON r.need_id = n.id
   WHERE n.owner_id = ANY($3::uuid[]) AND n.state <> 'withdrawn' AND n.submitted_on BETWEEN $1::date AND $2::date
   ORDER BY n.submitted_on, n.number`;

const COMPLAINT_ROWS = (target: 'provider' | 'staff') => `
  SELECT c.target_id AS subject_id, c.id AS complaint_id, c.need_id, n.number, n.title, ${day('c.created_at')} AS "on",
         c.state, c.upheld
    FROM complaints c LEFT JOIN needs n ON n.id = c.need_id
   WHERE c.target_kind = '${target}' AND c.target_id = ANY($3::uuid[])
     AND (c.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date
   ORDER BY c.created_at, c.id`;

/** The rows behind the figures of these subjects, grouped by subject. */
export async function loadRows(
  q: Queryable,
  kind: EvaluationSubjectKind,
  ids: readonly string[],
  window: EvaluationWindow,
): Promise<Map<string, SubjectRows>> {
  const params = [window.from, window.to, ids];
  const workSql = kind === 'specialist' ? NEED_ROWS : TASK_ROWS(kind === 'institution' ? 'institution_id' : 'expert_id');
  const [work, complaints] = await Promise.all([
    q.query<WorkRow>(workSql, params),
    q.query<ComplaintRow>(COMPLAINT_ROWS(kind === 'specialist' ? 'staff' : 'provider'), params),
  ]);
  const out = new Map<string, SubjectRows>(ids.map((id) => [id, { work: [], complaints: [] }]));
  for (const r of work.rows) out.get(r.subject_id)?.work.push(r);
  for (const r of complaints.rows) out.get(r.subject_id)?.complaints.push(r);
  return out;
}

/** Whether a row counts for a figure (`of`) and meets it (`met`); undefined: not judged (yet). */
type Judgement = { met: boolean; detail: string } | undefined;

const late = (on: IsoDate | null, by: IsoDate | null) => on !== null && by !== null && on > by;

function providerJudgement(figure: EvaluationFigure, r: WorkRow, today: IsoDate): Judgement {
  const responded = r.responded_on ? `${r.responded_on} ${r.state === 'declined' ? '拒单' : '接单'}` : '未接单';
  const done = r.done_on ? `${r.done_on} 完成` : '未完成';
  const clocks = `接单期限 ${r.accept_by}，${responded}；答复期限 ${r.reply_by}，${done}`;
  switch (figure) {
    case 'served':
      return { met: true, detail: `${r.on} 派单，任务${TASK_STATE_NAMES[r.state] ?? r.state}` };
    case 'declines':
      return r.state === 'declined' ? { met: true, detail: `${r.responded_on ?? r.on} 拒单` } : undefined;
    case 'completion':
      if (r.state === 'declined') return undefined;
      if (r.state === 'done') return { met: true, detail: `${r.done_on} 完成（答复期限 ${r.reply_by}）` };
      return r.reply_by < today ? { met: false, detail: `答复期限 ${r.reply_by} 已过，尚未完成` } : undefined;
    case 'onTime': {
      const respondedLate = late(r.responded_on, r.accept_by);
      if (r.state === 'declined') return { met: !respondedLate, detail: clocks };
      if (r.state === 'done') return { met: !respondedLate && !late(r.done_on, r.reply_by), detail: clocks };
      if (r.state === 'accepted') return respondedLate || r.reply_by < today ? { met: false, detail: clocks } : undefined;
      return r.accept_by !== null && r.accept_by < today ? { met: false, detail: clocks } : undefined;
    }
    case 'satisfaction':
      return r.state === 'done' && r.overall ? satisfaction(r.overall) : undefined;
    case 'complaints':
      return undefined;
  }
}

function specialistJudgement(figure: EvaluationFigure, r: WorkRow, today: IsoDate): Judgement {
  const due = r.done_on !== null || r.reply_by < today;
  switch (figure) {
    case 'served':
      return { met: true, detail: `${r.on} 提交，需求${NEED_STATE_NAMES[r.state] ?? r.state}` };
    case 'completion':
      if (r.state === 'rejected' || !due) return undefined;
      return r.done_on
        ? { met: true, detail: `${r.done_on} 办结（答复期限 ${r.reply_by}）` }
        : { met: false, detail: `答复期限 ${r.reply_by} 已过，尚未办结` };
    case 'onTime':
      if (r.state === 'rejected' || !due) return undefined;
      return {
        met: r.done_on !== null && !late(r.done_on, r.reply_by),
        detail: `答复期限 ${r.reply_by}，${r.done_on ? `${r.done_on} 办结` : '未办结'}`,
      };
    case 'satisfaction':
      return r.overall ? satisfaction(r.overall) : undefined;
    case 'declines':
    case 'complaints':
      return undefined;
  }
}

const OVERALL_NAMES: Record<string, string> = { very_satisfied: '非常满意', satisfied: '满意', average: '一般', dissatisfied: '不满意' };
const TASK_STATE_NAMES: Record<string, string> = { assigned: '待接单', accepted: '服务中', done: '已完成', declined: '已拒单' };
const NEED_STATE_NAMES: Record<string, string> = {
  submitted: '已提交',
  accepted: '已受理',
  info_requested: '待补充',
  in_service: '服务中',
  completed: '已办结',
  rated: '已评价',
  closed: '已归档',
  rejected: '不予受理',
};
const satisfaction = (overall: string) => ({ met: SATISFIED.has(overall), detail: `总体评价：${OVERALL_NAMES[overall] ?? overall}` });

/** The evidence of one figure: every row it judged, met or not (satisfaction: one per need). */
export function evidenceOf(kind: EvaluationSubjectKind, figure: EvaluationFigure, rows: SubjectRows, today: IsoDate): EvidenceItem[] {
  if (figure === 'complaints') {
    return rows.complaints.map((c) => ({
      needId: c.need_id,
      needNumber: c.number,
      needTitle: c.title,
      taskId: null,
      complaintId: c.complaint_id,
      on: c.on,
      met: c.state === 'resolved' && c.upheld === true,
      detail: c.state !== 'resolved' ? '投诉处理中' : c.upheld ? '已办结，认定属实' : '已办结，未认定属实',
    }));
  }
  const judge = kind === 'specialist' ? specialistJudgement : providerJudgement;
  const seen = new Set<string>();
  const out: EvidenceItem[] = [];
  for (const r of rows.work) {
    const j = judge(figure, r, today);
    if (!j) continue;
    // One rating per need, however many of the provider's tasks served it.
    if (figure === 'satisfaction') {
      if (seen.has(r.need_id)) continue;
      seen.add(r.need_id);
    }
    out.push({ needId: r.need_id, needNumber: r.number, needTitle: r.title, taskId: r.task_id, complaintId: null, on: r.on, ...j });
  }
  return out;
}

const rate = (items: EvidenceItem[]): Rate => {
  const met = items.filter((x) => x.met).length;
  return { met, of: items.length, rate: items.length ? met / items.length : null };
};

export function figuresOf(kind: EvaluationSubjectKind, rows: SubjectRows, today: IsoDate): EvaluationFigures {
  const ev = (f: EvaluationFigure) => evidenceOf(kind, f, rows, today);
  return {
    served: ev('served').length,
    completion: rate(ev('completion')),
    onTime: rate(ev('onTime')),
    satisfaction: rate(ev('satisfaction')),
    complaints: ev('complaints').filter((x) => x.met).length,
    declines: kind === 'specialist' ? null : ev('declines').length,
  };
}
