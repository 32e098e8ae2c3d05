// Needs: create (idempotent), list, detail, transitions and the rating. Each
// use case is one transaction; every transition writes one event.
import { createHash, randomUUID } from 'node:crypto';
import {
  decideNeedAction,
  formatNeedNumber,
  NEED_ACTION_LABELS,
  NEED_STATE_LABELS,
  needDeadlines,
  pausedWorkingDays,
  SATISFACTION_LABELS,
  STAFF_CHANNELS,
  taskAcceptBy,
  toShanghaiDate,
  type Actor,
  type CreateNeedInput,
  type EnterpriseHit,
  type NeedActionInput,
  type NeedDetail,
  type NeedState,
  type RatingInput,
} from '@qi/shared';
import { has, needVisibility, ownershipRefusal } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { ApiError, fail } from '../errors';
import { openName } from '../pii';
import { containsPattern } from './inbox';
import { capacityFor, guardContext, loadNeedRow, loadTimeLimits, needActors, toDetail, type NeedRow } from './needView';
import {
  deliverMessages,
  enterpriseUserIds,
  managerIds,
  notifyUsers,
  queueNeedStatusMessages,
  queueSpecialistIds,
  taskProviderIds,
} from './notifications';
import { loadCalendar } from './calendar';

export { loadTimeLimits } from './needView';

// ---- create -------------------------------------------------------------------

// The parsed body's keys come out in the schema's order, so its JSON is canonical.
const requestHash = (input: CreateNeedInput): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** Finds the enterprise a specialist names at the window, or registers it. */
async function enterpriseForWindow(tx: Queryable, e: NonNullable<CreateNeedInput['enterprise']>): Promise<string> {
  if (e.creditCode) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO enterprises (name, credit_code) VALUES ($1, $2)
       ON CONFLICT (credit_code) DO UPDATE SET credit_code = EXCLUDED.credit_code
       RETURNING id`,
      [e.name, e.creditCode],
    );
    return rows[0]!.id;
  }
  const known = await tx.query<{ id: string }>('SELECT id FROM enterprises WHERE name = $1 ORDER BY created_at LIMIT 1', [e.name]);
  if (known.rows[0]) return known.rows[0].id;
  const { rows } = await tx.query<{ id: string }>('INSERT INTO enterprises (name) VALUES ($1) RETURNING id', [e.name]);
  return rows[0]!.id;
}

/** The window intake's lookup: enterprises by 统一社会信用代码 or by name (specialists only). */
export async function findEnterprises(deps: Deps, p: Principal, q: string): Promise<EnterpriseHit[]> {
  if (!has(p, 'specialist') && !has(p, 'manager')) fail('forbidden', '只有服务专员可以查找企业');
  const code = q.toUpperCase().replace(/\s+/g, '');
  const { rows } = await deps.db.query<{ id: string; name: string; credit_code: string | null; region: string }>(
    `SELECT id, name, credit_code, region FROM enterprises
      WHERE credit_code = $1 OR name ILIKE $2
      ORDER BY (credit_code = $1) DESC NULLS LAST, (name = $3) DESC, length(name), name LIMIT 20`,
    [code, containsPattern(q), q],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, region: r.region }));
}

export async function createNeed(
  deps: Deps,
  p: Principal,
  input: CreateNeedInput,
  idempotencyKey: string,
): Promise<{ need: NeedDetail; replayed: boolean }> {
  const asSpecialist = input.enterprise !== undefined;
  const channel = input.channel ?? (asSpecialist ? 'window' : input.stationId ? 'station_qr' : 'miniapp');
  if (asSpecialist) {
    if (!has(p, 'specialist')) fail('forbidden', '只有服务专员可以代企业登记需求');
    if (!(STAFF_CHANNELS as readonly string[]).includes(channel)) {
      fail('rule_violation', '代企业登记的需求，渠道须为窗口、电话、走访、电子邮件或微信');
    }
  } else {
    if (!has(p, 'enterprise')) {
      fail(
        has(p, 'specialist') ? 'rule_violation' : 'forbidden',
        has(p, 'specialist') ? '代企业登记需求时请填写企业名称（enterprise）' : '只有企业用户可以提交需求',
      );
    }
    if (!p.enterpriseId) fail('rule_violation', '请先在“我的”中完善企业信息，再提交需求');
    if ((STAFF_CHANNELS as readonly string[]).includes(channel)) fail('rule_violation', '该受理渠道只能由服务专员登记');
  }
  const hash = requestHash(input);
  const now = deps.now();
  const today = toShanghaiDate(now);
  if (input.desiredReplyBy && input.desiredReplyBy < today) {
    throw new ApiError('validation_failed', undefined, [{ path: 'desiredReplyBy', message: '期望答复日期不能早于今天' }]);
  }

  return deps.db.transaction(async (tx) => {
    const needId = randomUUID();
    // Claim the key first: a concurrent retry with the same key waits here
    // until this transaction ends, then finds the need it created.
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, need_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING need_id`,
      [p.id, idempotencyKey, hash, needId],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await tx.query<{ need_id: string; request_hash: string }>(
        'SELECT need_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [p.id, idempotencyKey],
      );
      const prior = rows[0]!;
      if (prior.request_hash !== hash) fail('idempotency_key_reused');
      const row = await loadNeedRow(tx, prior.need_id);
      return { need: await toDetail(deps, tx, p, row!), replayed: true };
    }

    if (input.stationId) {
      const st = await tx.query('SELECT 1 FROM stations WHERE id = $1', [input.stationId]);
      if (st.rowCount === 0) fail('rule_violation', '所选服务站点不存在');
    }
    const enterpriseId = asSpecialist ? await enterpriseForWindow(tx, input.enterprise!) : p.enterpriseId!;
    const ent = await tx.query<{ name: string }>('SELECT name FROM enterprises WHERE id = $1', [enterpriseId]);

    const seq = await tx.query<{ last_seq: number }>(
      `INSERT INTO need_number_counters (day, last_seq) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last_seq = need_number_counters.last_seq + 1
       RETURNING last_seq`,
      [today],
    );
    const number = formatNeedNumber(today, seq.rows[0]!.last_seq);
    const limits = await loadTimeLimits(tx);
    const cal = await loadCalendar(deps, tx);
    const d = needDeadlines({ submittedOn: today, desiredReplyBy: input.desiredReplyBy ?? null }, limits, cal);

    await tx.query(
      `INSERT INTO needs (id, number, state, title, description, categories, items, channel, station_id,
                          enterprise_id, applicant, contact_name_enc, contact_phone_enc, desired_reply_by,
                          attachments, created_by, recorder_id, submitted_on, accept_by, reply_by, created_at, updated_at)
       VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
      [
        needId,
        number,
        input.title,
        input.description,
        input.categories,
        input.items ?? [],
        channel,
        input.stationId ?? null,
        enterpriseId,
        input.applicant ?? ent.rows[0]!.name,
        deps.pii.encrypt(input.contactName),
        deps.pii.encrypt(input.contactPhone),
        input.desiredReplyBy ?? null,
        JSON.stringify(input.attachments ?? []),
        p.id,
        asSpecialist ? p.id : null,
        today,
        d.acceptBy,
        d.replyBy,
        now,
      ],
    );
    await writeEvent(
      tx,
      needId,
      p,
      asSpecialist ? 'specialist' : 'enterprise',
      'submit',
      null,
      'submitted',
      asSpecialist ? '服务专员代企业登记' : null,
      now,
    );
    // New work for the queue (the specialist who recorded it knows already).
    await notifyUsers(
      tx,
      await queueSpecialistIds(tx, input.stationId ?? null),
      { kind: 'need_new', title: `新需求 ${number}`, body: `${ent.rows[0]!.name}：${input.title}`, needId },
      p.id,
    );
    const row = await loadNeedRow(tx, needId);
    return { need: await toDetail(deps, tx, p, row!), replayed: false };
  });
}

// ---- read ---------------------------------------------------------------------

/** A need the caller may see, or 404 (also when it exists but is not theirs). */
export async function visibleNeed(tx: Queryable, p: Principal, id: string, forUpdate = false): Promise<NeedRow> {
  const params: unknown[] = [id];
  const cond = needVisibility(p, params);
  const { rows } = await tx.query<{ id: string }>(`SELECT n.id FROM needs n WHERE n.id = $1 AND ${cond}`, params);
  if (!rows[0]) fail('not_found', '没有找到该需求，或您无权查看');
  return (await loadNeedRow(tx, id, forUpdate))!;
}

export async function getNeed(deps: Deps, p: Principal, id: string): Promise<NeedDetail> {
  return deps.db.transaction(async (tx) => toDetail(deps, tx, p, await visibleNeed(tx, p, id)));
}

// ---- transitions -------------------------------------------------------------

export async function writeEvent(
  tx: Queryable,
  needId: string,
  p: Principal | null,
  role: Actor,
  action: string,
  from: NeedState | null,
  to: NeedState,
  note: string | null,
  at: Date,
  data: Record<string, unknown> = {},
  internal = false,
): Promise<void> {
  await tx.query(
    `INSERT INTO need_events (need_id, at, actor_id, actor_name_enc, actor_role, action, from_state, to_state, note, data, internal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    // The actor's name as its account stores it (encrypted); none: the system.
    [needId, at, p?.id ?? null, p ? p.nameEnc : null, role, action, from, to, note, JSON.stringify(data), internal],
  );
}

/**
 * Tells the enterprise's users of a change: always in-app; by WeChat
 * subscribe message on a change of state, where they consented. Returns the
 * queued messages, to deliver once the transaction has committed.
 */
export async function notifyEnterprise(
  deps: Deps,
  tx: Queryable,
  row: NeedRow,
  to: NeedState,
  label: string,
  at: Date,
  remark = '',
): Promise<string[]> {
  await notifyUsers(tx, await enterpriseUserIds(tx, row.enterprise_id), {
    kind: 'need_state',
    title: `需求${row.number}：${label}`,
    body: remark ? `您的需求“${row.title}”：${remark}` : `您的需求“${row.title}”状态已更新为“${NEED_STATE_LABELS[to]}”。`,
    needId: row.id,
  });
  if (to === row.state) return [];
  return queueNeedStatusMessages(deps, tx, row, to, remark || label, at);
}

export async function actOnNeed(deps: Deps, p: Principal, id: string, input: NeedActionInput): Promise<NeedDetail> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  const { detail, outbox } = await deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id, true);
    if (input.version !== row.version) fail('version_conflict');
    const actors = needActors(p, row);
    const decision = decideNeedAction(row.state, input.action, actors, await guardContext(tx, row));
    if (!decision.ok) fail(decision.reason === 'role' ? 'forbidden' : 'transition_not_allowed', decision.message);
    const to = (decision as { to: NeedState }).to;
    // The capacity the caller acts in: one of its actors that the machine accepts.
    const role = capacityFor(actors, input.action)!;
    // 首问负责, and a reviewer other than the owner.
    const refusal = ownershipRefusal(p, role, input.action, { id: row.owner_id, name: openName(deps.pii, row.owner_name_enc) || null });
    if (refusal) fail('forbidden', refusal);

    const limits = await loadTimeLimits(tx);
    const cal = await loadCalendar(deps, tx);
    const set: Record<string, unknown> = {};
    let note: string | null = null;
    let internal = false;
    /** What the enterprise is told, if anything beyond the state change. */
    let remark = '';
    let tellEnterprise = true;
    const data: Record<string, unknown> = {};
    const takeOwnership = () => {
      if (role === 'specialist' && !row.owner_id) set.owner_id = p.id;
    };
    const complete = () => {
      const d = needDeadlines({ submittedOn: row.submitted_on, completedOn: today }, limits, cal);
      set.completed_on = today;
      set.rate_by = d.rateBy;
    };

    switch (input.action) {
      case 'accept':
        takeOwnership();
        break;
      case 'answer':
        takeOwnership();
        set.answer = input.answer;
        note = input.answer;
        complete();
        break;
      case 'request_info':
        set.requested_info = input.items;
        set.paused_on = today;
        note = input.items.map((x, i) => `${i + 1}. ${x}`).join('\n');
        remark = `请一次性补充：${input.items.join('；')}`;
        break;
      case 'supplement': {
        // The reply day given moves by the working days this pause took (not recounted
        // from the time limits, which a manager may have changed since).
        const pause = row.paused_on ? pausedWorkingDays(row.paused_on, today, cal) : 0;
        set.paused_on = null;
        set.paused_working_days = row.paused_working_days + pause;
        set.reply_by = cal.addWorkingDays(row.reply_by, pause);
        note = input.note;
        if (row.owner_id) {
          await notifyUsers(tx, [row.owner_id], {
            kind: 'need_state',
            title: `需求${row.number}：企业已补充材料`,
            body: input.note,
            needId: row.id,
          });
        }
        break;
      }
      case 'serve':
        takeOwnership();
        if (input.period) set.service_period = input.period;
        note = input.note ?? null;
        break;
      case 'dispatch': {
        takeOwnership();
        const names: string[] = [];
        const created: string[] = [];
        for (const a of input.assignees) {
          const table = a.institutionId ? 'institutions' : 'experts';
          const { rows } = await tx.query<{ name: string; status: string }>(`SELECT name, status FROM ${table} WHERE id = $1`, [
            a.institutionId ?? a.expertId,
          ]);
          const target = rows[0];
          if (!target) fail('rule_violation', a.institutionId ? '所选服务机构不存在' : '所选专家不存在');
          if (target!.status === 'suspended' || target!.status === 'exited') {
            fail('rule_violation', `“${target!.name}”当前状态为暂停或已退出，不能派单`);
          }
          const open = await tx.query(
            `SELECT 1 FROM tasks WHERE need_id = $1 AND state = ANY('{assigned,accepted}'::text[])
               AND (institution_id = $2 OR expert_id = $3)`,
            [row.id, a.institutionId ?? null, a.expertId ?? null],
          );
          if (open.rowCount) fail('duplicate', `“${target!.name}”已有进行中的任务，请勿重复派单`);
          const task = await tx.query<{ id: string }>(
            `INSERT INTO tasks (need_id, institution_id, expert_id, note, assigned_by, assigned_at, accept_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [row.id, a.institutionId ?? null, a.expertId ?? null, a.note ?? null, p.id, now, taskAcceptBy(today, limits, cal)],
          );
          const taskId = task.rows[0]!.id;
          created.push(taskId);
          names.push(target!.name);
          await notifyUsers(tx, await taskProviderIds(tx, a.institutionId ?? null, a.expertId ?? null), {
            kind: 'task_new',
            title: `新服务任务：需求${row.number}`,
            body: `${row.enterprise_name}：${row.title}。请在 1 个工作日内接单或拒绝。`,
            needId: row.id,
            taskId,
          });
        }
        // A re-dispatch replaces the tasks declined so far.
        const replaced = await tx.query(
          `UPDATE tasks SET replaced_by = $2 WHERE need_id = $1 AND state = 'declined' AND replaced_by IS NULL`,
          [row.id, created[0]],
        );
        if (input.period) set.service_period = input.period;
        note = `${replaced.rowCount ? '重新派单' : '派单'}给：${names.join('、')}${input.period ? `；服务周期：${input.period}` : ''}`;
        remark = `已安排服务机构：${names.join('、')}`;
        data.assignees = input.assignees;
        data.tasks = created;
        break;
      }
      case 'complete':
        set.result = input.result;
        note = input.result;
        complete();
        break;
      case 'reject':
        takeOwnership();
        set.reject_reason = input.reason;
        set.referral = input.referral ?? null;
        note = input.referral ? `${input.reason}（建议：${input.referral}）` : input.reason;
        remark = input.reason;
        break;
      case 'withdraw':
        note = input.note ?? null;
        break;
      case 'reopen':
        set.completed_on = null;
        set.rate_by = null;
        set.closed_at = null;
        note = input.reason;
        break;
      case 'close':
        set.closed_at = now;
        break;
      case 'note':
        note = input.note;
        internal = input.internal;
        tellEnterprise = !input.internal;
        remark = input.note;
        break;
      case 'sign_off':
        set.reviewer_id = p.id;
        set.reviewed_at = now;
        note = input.note ?? '审核通过';
        tellEnterprise = false;
        break;
    }

    const cols = Object.keys(set);
    const assignments = cols.map((c, i) => `${c} = $${i + 4}`);
    const updated = await tx.query(
      `UPDATE needs SET state = $2, version = version + 1, updated_at = $3${assignments.length ? ', ' + assignments.join(', ') : ''}
        WHERE id = $1 AND version = ${Number(row.version)}`,
      [row.id, to, now, ...cols.map((c) => set[c])],
    );
    if (updated.rowCount !== 1) fail('version_conflict');
    await writeEvent(tx, row.id, p, role, input.action, row.state, to, note, now, data, internal);
    const outbox = tellEnterprise ? await notifyEnterprise(deps, tx, row, to, NEED_ACTION_LABELS[input.action], now, remark) : [];
    return { detail: await toDetail(deps, tx, p, (await loadNeedRow(tx, row.id))!), outbox };
  });
  await deliverMessages(deps, outbox);
  return detail;
}

// ---- rating --------------------------------------------------------------------

export async function rateNeed(deps: Deps, p: Principal, id: string, input: RatingInput): Promise<NeedDetail> {
  const now = deps.now();
  const today = toShanghaiDate(now);
  return deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id, true);
    const actors = needActors(p, row);
    if (!actors.includes('enterprise')) fail('forbidden', '只有提出需求的企业可以评价');
    const existing = await tx.query('SELECT 1 FROM ratings WHERE need_id = $1', [row.id]);
    if (existing.rowCount) fail('duplicate', '该需求已评价，每个需求只能评价一次');
    const decision = decideNeedAction(row.state, 'rate', actors);
    if (!decision.ok) fail('transition_not_allowed', '需求办结后才能评价');
    if (row.rate_by && today > row.rate_by) fail('rule_violation', `评价期已于 ${row.rate_by} 结束，不能再评价`);

    await tx.query(
      `INSERT INTO ratings (need_id, user_id, timeliness, professionalism, courtesy, overall, resolved, comment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.id, p.id, input.timeliness, input.professionalism, input.courtesy, input.overall, input.resolved, input.comment ?? null, now],
    );
    await tx.query('UPDATE needs SET state = $2, version = version + 1, updated_at = $3 WHERE id = $1', [row.id, 'rated', now]);
    const summary = `总体评价：${SATISFACTION_LABELS[input.overall]}；问题${input.resolved ? '已' : '未'}解决`;
    await writeEvent(
      tx,
      row.id,
      p,
      'enterprise',
      'rate',
      row.state,
      'rated',
      input.comment ? `${summary}。${input.comment}` : summary,
      now,
    );
    const followUp = !input.resolved ? '企业反馈问题未解决' : input.overall === 'dissatisfied' ? '企业总体评价不满意' : null;
    if (followUp) {
      await tx.query('INSERT INTO follow_ups (need_id, reason) VALUES ($1, $2)', [row.id, followUp]);
      await notifyUsers(tx, await managerIds(tx), {
        kind: 'need_state',
        title: `需回访：需求${row.number}`,
        body: `${followUp}（${row.enterprise_name}：${row.title}）`,
        needId: row.id,
      });
    }
    if (row.owner_id) {
      await notifyUsers(tx, [row.owner_id], { kind: 'need_state', title: `需求${row.number}：企业已评价`, body: summary, needId: row.id });
    }
    return toDetail(deps, tx, p, (await loadNeedRow(tx, row.id))!);
  });
}
