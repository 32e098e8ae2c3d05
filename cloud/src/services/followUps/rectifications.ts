// Rectifications (整改, DB46 9.3.2): ordered by a manager from a follow-up's
// resolution, a complaint or an evaluation of a provider; what, who answers
// for it, by when; recorded done with what was done and when. The source is
// a generic reference (kind, id): insertRectification takes any source, so
// other use cases (the evaluation's proposals) can order one in their own
// transaction.
import {
  toShanghaiDate,
  type Rectification,
  type RectificationDoneInput,
  type RectificationInput,
  type RectificationListQuery,
  type RectificationSource,
  type ResponsibleKind,
} from '@qi/shared';
import { has, requireAdmin } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { managerIds, notifyUsers } from '../notifications';
import {
  checkResponsible,
  RECTIFICATION_SELECT,
  requireRectificationReader,
  toRectifications,
  type RectificationRow,
} from './rectificationView';

export interface RectificationOrder {
  source: { kind: RectificationSource; id: string };
  needId: string | null;
  subject: string;
  responsible: { kind: ResponsibleKind; id: string };
  dueOn: string;
}

/** Writes one rectification in the caller's transaction (the source already checked); tells the staff member responsible. */
export async function insertRectification(tx: Queryable, p: Principal, o: RectificationOrder, today: string, at: Date): Promise<string> {
  if (o.dueOn < today) fail('validation_failed', undefined, [{ path: 'dueOn', message: '整改期限不能早于今天' }]);
  await checkResponsible(tx, o.responsible.kind, o.responsible.id);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO rectifications (source_kind, source_id, need_id, subject, responsible_kind, responsible_id, due_on, created_by, created_by_enc, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [o.source.kind, o.source.id, o.needId, o.subject, o.responsible.kind, o.responsible.id, o.dueOn, p.id, p.nameEnc, at],
  );
  if (o.responsible.kind === 'staff') {
    await notifyUsers(tx, [o.responsible.id], {
      kind: 'need_state',
      title: '整改通知',
      body: `请于 ${o.dueOn} 前完成整改：${o.subject}`,
      needId: o.needId,
    });
  }
  return rows[0]!.id;
}

const loadRows = async (tx: Queryable, where: string, params: unknown[]) =>
  (await tx.query<RectificationRow>(`${RECTIFICATION_SELECT} ${where}`, params)).rows;

/** POST /api/rectifications: from a complaint (its need, if any) or an evaluation (an institution or an expert). */
export async function createRectification(deps: Deps, p: Principal, input: RectificationInput): Promise<Rectification> {
  requireAdmin(p, '只有运营管理人员可以安排整改');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    let needId: string | null = null;
    if (input.source.kind === 'complaint') {
      const { rows } = await tx.query<{ need_id: string | null }>('SELECT need_id FROM complaints WHERE id = $1', [input.source.id]);
      if (!rows[0]) fail('not_found', '没有找到该投诉');
      needId = rows[0]!.need_id;
    } else {
      const { rowCount } = await tx.query('SELECT 1 FROM institutions WHERE id = $1 UNION ALL SELECT 1 FROM experts WHERE id = $1', [
        input.source.id,
      ]);
      if (!rowCount) fail('not_found', '没有找到被评价的服务机构或专家');
    }
    const id = await insertRectification(
      tx,
      p,
      { source: input.source, needId, subject: input.subject, responsible: input.responsible, dueOn: input.dueOn },
      toShanghaiDate(now),
      now,
    );
    return toRectifications(deps, await loadRows(tx, 'WHERE x.id = $1', [id]), p)[0]!;
  });
}

export async function listRectifications(deps: Deps, p: Principal, q: RectificationListQuery): Promise<Rectification[]> {
  requireRectificationReader(p);
  const params = new Params();
  const where: string[] = [];
  if (q.state) where.push(`x.state = ${params.add(q.state)}`);
  if (q.overdue) where.push(`x.state = 'open' AND x.due_on < ${params.add(toShanghaiDate(deps.now()))}::date`);
  if (q.sourceKind) where.push(`x.source_kind = ${params.add(q.sourceKind)}`);
  if (q.sourceId) where.push(`x.source_id = ${params.add(q.sourceId)}`);
  const rows = await loadRows(
    deps.db,
    `${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY (x.state = 'done'), CASE WHEN x.state = 'open' THEN x.due_on END, x.done_at DESC, x.created_at DESC, x.id LIMIT 200`,
    params.values,
  );
  return toRectifications(deps, rows, p);
}

export async function getRectification(deps: Deps, p: Principal, id: string): Promise<Rectification> {
  requireRectificationReader(p);
  const rows = await loadRows(deps.db, 'WHERE x.id = $1', [id]);
  if (!rows[0]) fail('not_found', '没有找到该整改');
  return toRectifications(deps, rows, p)[0]!;
}

/** Recorded done by a manager, once, from the version shown, on a day not in the future. */
export async function completeRectification(deps: Deps, p: Principal, id: string, input: RectificationDoneInput): Promise<Rectification> {
  if (!has(p, 'manager')) fail('forbidden', '只有运营管理人员可以确认整改完成');
  const now = deps.now();
  const today = toShanghaiDate(now);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ state: string; version: number; created_at: Date; need_id: string | null; subject: string }>(
      'SELECT state, version, created_at, need_id, subject FROM rectifications WHERE id = $1 FOR UPDATE',
      [id],
    );
    const r = rows[0];
    if (!r) fail('not_found', '没有找到该整改');
    if (input.version !== r!.version) fail('version_conflict', '该整改已被他人更新，请刷新后再操作');
    if (r!.state === 'done') fail('transition_not_allowed', '该整改已确认完成，不能重复确认');
    if (input.doneOn > today) fail('validation_failed', undefined, [{ path: 'doneOn', message: '完成日期不能晚于今天' }]);
    if (input.doneOn < toShanghaiDate(r!.created_at)) {
      fail('validation_failed', undefined, [{ path: 'doneOn', message: '完成日期不能早于安排整改的日期' }]);
    }
    await tx.query(
      `UPDATE rectifications SET state = 'done', version = version + 1, done_on = $2, done_note = $3, done_by = $4, done_by_enc = $5, done_at = $6
        WHERE id = $1`,
      [id, input.doneOn, input.note, p.id, p.nameEnc, now],
    );
    await notifyUsers(
      tx,
      await managerIds(tx),
      { kind: 'need_state', title: '整改已完成', body: `${r!.subject}：${input.note}`, needId: r!.need_id },
      p.id,
    );
    return toRectifications(deps, await loadRows(tx, 'WHERE x.id = $1', [id]), p)[0]!;
  });
}
