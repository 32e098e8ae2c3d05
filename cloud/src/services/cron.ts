// The scheduled tick (Vercel cron): flags overdue and due-soon work and tells
// owners (overdue also managers; complaints: managers), reminds enterprises to rate before their
// window closes, and archives needs whose 5-working-day rating window has
// passed. One transaction under an advisory lock; every flag is a row in
// clock_alerts with a unique key, so a second run — even at the same moment —
// finds the work done and does nothing. Subscribe messages for the archived
// needs go out after the commit.
import {
  CLOCK_KIND_LABELS,
  CLOSED_COMPLAINT_STATES,
  COMPLAINT_CLOCK_LABELS,
  COMPLAINT_TARGET_LABELS,
  decideNeedAction,
  dueSoonBefore,
  NEED_ACTIONS,
  NEED_TRANSITIONS,
  toShanghaiDate,
  type ClockKind,
  type ComplaintState,
  type NeedState,
  type TaskState,
  type ComplaintClock,
  type CronResult,
} from '@qi/shared';
import { is, isIn, literal } from '../db/sql';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { STAFF_CLOCK_SQL, STAFF_DUE_SQL } from './inbox';
import { loadComplaint } from './complaints';
import { transitionNeed } from './needs';
import { loadClockRules, loadNeedRow, NEED_SELECT, type NeedRow } from './needView';
import {
  deliverMessages,
  enterpriseUserIds,
  managerIds,
  needOwnerIds,
  notifyUsers,
  pendingMessageIds,
  taskProviderIds,
} from './notifications';
import { flagQualifications } from './directory/flagQualifications';
import { makeProposals } from './evaluation/proposals';
import { flagImprovementOverdue } from './followUps/flagOverdue';
import { foldStats } from './stats/fold';
import { refreshStatsCalendar } from './stats/workdays';
import { runRetention } from './retention';

/** What the tick itself does to a need (the machine's 'system' actions), and the states they leave. */
const TICK_ACTIONS = NEED_ACTIONS.filter((a) => NEED_TRANSITIONS[a].actors.includes('system'));
const RATING_WINDOW_STATES = TICK_ACTIONS.flatMap((a) => NEED_TRANSITIONS[a].from);

/** Arbitrary constant naming "the tick" among advisory locks. */
const TICK_LOCK_KEY = 7_135_200_418;

interface AlertRow {
  subject_id: string;
  clock: ClockKind;
  due_on: string;
  level: 'overdue' | 'due_soon' | 'rate_reminder';
}

/**
 * Flags the clocks of `kind` due before `soon` ($2) — overdue when due before
 * `today` ($1) — from `dueSql`, rows of (id, clock, due_on); returns the flags that are new.
 */
async function flagClocks<R extends AlertRow | ComplaintAlertRow>(
  tx: Queryable,
  kind: 'need' | 'task' | 'complaint',
  dueSql: string,
  today: string,
  soon: string,
  at: Date,
): Promise<R[]> {
  const { rows } = await tx.query<R>(
    `INSERT INTO clock_alerts (subject_kind, subject_id, clock, due_on, level, created_at)
     SELECT ${literal(kind)}, d.id, d.clock, d.due_on, CASE WHEN d.due_on < $1::date THEN 'overdue' ELSE 'due_soon' END, $3
       FROM (${dueSql}) d
      WHERE d.due_on < $2::date
     ON CONFLICT DO NOTHING
     RETURNING subject_id, clock, due_on, level`,
    [today, soon, at],
  );
  return rows;
}

type ComplaintAlertRow = Omit<AlertRow, 'clock'> & { clock: ComplaintClock };

/** The staff clock running on each need due before `soon` ($2): its deadline_key (0019) through its index. */
const NEED_DUE = `SELECT n.id, ${STAFF_CLOCK_SQL} AS clock, ${STAFF_DUE_SQL} AS due_on FROM needs n WHERE n.deadline_key < $2::date`;

/** Tasks: accept or decline by acceptBy; once accepted, finish by the need's reply day. */
const TASK_DUE = `SELECT t.id, 'task_accept' AS clock, t.accept_by AS due_on FROM tasks t WHERE ${is('t.state', 'assigned' satisfies TaskState)}
             UNION ALL
             SELECT t.id, 'task_done', n.reply_by FROM tasks t JOIN needs n ON n.id = t.need_id WHERE ${is('t.state', 'accepted' satisfies TaskState)}`;

/** Complaints not yet acknowledged by acknowledgeBy, or not resolved by resolveBy. */
const COMPLAINT_DUE = `SELECT c.id, 'complaint_ack' AS clock, c.acknowledge_by AS due_on FROM complaints c WHERE ${is('c.state', 'received' satisfies ComplaintState)}
             UNION ALL
             SELECT c.id, 'complaint_resolve', c.resolve_by FROM complaints c WHERE NOT ${isIn('c.state', CLOSED_COMPLAINT_STATES)}`;

/** Completed needs whose rating window closes soon: one reminder per window. */
async function flagRatings(tx: Queryable, today: string, soon: string, at: Date): Promise<AlertRow[]> {
  const { rows } = await tx.query<AlertRow>(
    `INSERT INTO clock_alerts (subject_kind, subject_id, clock, due_on, level, created_at)
     SELECT 'need', n.id, 'rate', n.rate_by, 'rate_reminder', $3
       FROM needs n WHERE ${is('n.state', 'completed' satisfies NeedState)} AND n.rate_by >= $1::date AND n.rate_by < $2::date
     ON CONFLICT DO NOTHING
     RETURNING subject_id, clock, due_on, level`,
    [today, soon, at],
  );
  return rows;
}

const LEVEL_TITLE = { overdue: '已超期', due_soon: '即将到期' } as const;

export async function runTick(deps: Deps): Promise<CronResult> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  const { result, outbox } = await deps.db.transaction(async (tx) => {
    await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${TICK_LOCK_KEY})`);
    const { limits, cal } = await loadClockRules(deps, tx);
    const soon = dueSoonBefore(today, limits, cal);
    const managers = await managerIds(tx);
    let notifications = 0;
    let overdue = 0;
    let dueSoon = 0;
    const outbox: string[] = [];
    const needRow = async (id: string): Promise<NeedRow> => (await loadNeedRow(tx, id))!;

    for (const a of await flagClocks<AlertRow>(tx, 'need', NEED_DUE, today, soon, now)) {
      const n = await needRow(a.subject_id);
      const owners = await needOwnerIds(tx, n);
      const level = a.level === 'overdue' ? 'overdue' : 'due_soon';
      if (level === 'overdue') overdue++;
      else dueSoon++;
      notifications += await notifyUsers(tx, level === 'overdue' ? [...owners, ...managers] : owners, {
        kind: level,
        title: `${LEVEL_TITLE[level]}：需求${n.number}`,
        body: `${CLOCK_KIND_LABELS[a.clock]} ${a.due_on}：${n.enterprise_name}“${n.title}”`,
        needId: n.id,
      });
    }

    for (const a of await flagClocks<AlertRow>(tx, 'task', TASK_DUE, today, soon, now)) {
      const { rows } = await tx.query<{ need_id: string; institution_id: string | null; expert_id: string | null; name: string }>(
        `SELECT t.need_id, t.institution_id, t.expert_id, coalesce(i.name, x.name) AS name
           FROM tasks t LEFT JOIN institutions i ON i.id = t.institution_id LEFT JOIN experts x ON x.id = t.expert_id
          WHERE t.id = $1`,
        [a.subject_id],
      );
      const t = rows[0]!;
      const n = await needRow(t.need_id);
      const providers = await taskProviderIds(tx, t.institution_id, t.expert_id);
      const level = a.level === 'overdue' ? 'overdue' : 'due_soon';
      if (level === 'overdue') overdue++;
      else dueSoon++;
      const to = level === 'overdue' ? [...providers, ...(await needOwnerIds(tx, n)), ...managers] : providers;
      notifications += await notifyUsers(tx, to, {
        kind: level,
        title: `${LEVEL_TITLE[level]}：服务任务（需求${n.number}）`,
        body: `${t.name}的${CLOCK_KIND_LABELS[a.clock]} ${a.due_on}：“${n.title}”`,
        needId: n.id,
        taskId: a.subject_id,
      });
    }

    for (const a of await flagClocks<ComplaintAlertRow>(tx, 'complaint', COMPLAINT_DUE, today, soon, now)) {
      const c = (await loadComplaint(deps, tx, a.subject_id))!;
      const level = a.level === 'overdue' ? 'overdue' : 'due_soon';
      if (level === 'overdue') overdue++;
      else dueSoon++;
      notifications += await notifyUsers(tx, managers, {
        kind: level,
        title: `${LEVEL_TITLE[level]}：投诉（${COMPLAINT_TARGET_LABELS[c.targetKind]}）`,
        body: `${COMPLAINT_CLOCK_LABELS[a.clock]} ${a.due_on}：${c.targetName ?? COMPLAINT_TARGET_LABELS[c.targetKind]}`,
        needId: c.needId,
      });
    }

    notifications += await flagQualifications(tx, today, managers, now);
    notifications += await flagImprovementOverdue(tx, today, managers, now);

    // 动态评价: proposals where the figures cross the thresholds (managers are told of new ones).
    const evaluation = await makeProposals(deps, tx, now);

    const reminders = await flagRatings(tx, today, soon, now);
    for (const a of reminders) {
      const n = await needRow(a.subject_id);
      notifications += await notifyUsers(tx, await enterpriseUserIds(tx, n.enterprise_id), {
        kind: 'rate_reminder',
        title: `请评价：需求${n.number}`,
        body: `您的需求“${n.title}”已办结，请在 ${a.due_on} 前完成满意度评价。`,
        needId: n.id,
      });
    }

    // Rating windows that have passed: completed needs expire, rated ones are archived.
    const { rows: ended } = await tx.query<NeedRow>(
      `${NEED_SELECT} WHERE ${isIn('n.state', RATING_WINDOW_STATES)} AND n.rate_by < $1::date ORDER BY n.rate_by, n.id FOR UPDATE OF n`,
      [today],
    );
    let expired = 0;
    for (const n of ended) {
      const action = TICK_ACTIONS.find((a) => NEED_TRANSITIONS[a].from.includes(n.state))!;
      const decision = decideNeedAction(n.state, action, ['system']);
      if (!decision.ok) continue;
      const note = action === 'expire' ? `评价期已于 ${n.rate_by} 结束，自动归档` : '评价期结束，自动归档';
      outbox.push(
        ...(await transitionNeed(deps, tx, n, {
          action,
          by: null,
          role: 'system',
          to: decision.to,
          at: now,
          set: { closed_at: now },
          note,
          remark: note,
        })),
      );
      expired++;
    }

    return {
      result: {
        today,
        overdue,
        dueSoon,
        rateReminders: reminders.length,
        expired,
        notifications,
        evaluationProposals: evaluation.created.length,
      },
      outbox,
    };
  });
  // Retention and the counts' fold, in their own transaction after the tick's.
  await deps.db.transaction((tx) => runRetention(tx));
  // This run's messages, and any a crashed sender left pending a while ago.
  const leftovers = await pendingMessageIds(deps, new Date(now.getTime() - 60_000));
  const wechat = await deliverMessages(deps, [...outbox, ...leftovers.filter((id) => !outbox.includes(id))]);
  // The statistics' rollups folded from their queue; the duration histograms recounted when the
  // calendar changed (a publication, a new year).
  await foldStats(deps.db);
  await refreshStatsCalendar(deps);
  return { ...result, wechat };
}
