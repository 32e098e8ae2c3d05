// Submitting a need: by the enterprise itself (mini-program, station QR), or
// recorded by a specialist at the window for an enterprise it names. Idempotent
// per Idempotency-Key: the key is claimed first, so a retry finds the need its
// first attempt created. The need, its number, deadlines and first event are
// one transaction; the queue's specialists are told.
import { createHash, randomUUID } from 'node:crypto';
import {
  formatNeedNumber,
  INITIAL_NEED_STATE,
  needDeadlines,
  STAFF_CHANNELS,
  toShanghaiDate,
  type CreateNeedInput,
  type NeedDetail,
} from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { literal } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { ApiError, fail } from '../../errors';
import { loadCalendar } from '../calendar';
import { notifyUsers, queueSpecialistIds } from '../notifications';
import { loadNeedRow, loadTimeLimits, toDetail } from '../needView';
import { writeNeedEvent } from './transitionNeed';

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

export async function submitNeed(
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
       VALUES ($1, $2, ${literal(INITIAL_NEED_STATE)}, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
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
    await writeNeedEvent(tx, needId, {
      by: p,
      role: asSpecialist ? 'specialist' : 'enterprise',
      action: 'submit',
      from: null,
      to: INITIAL_NEED_STATE,
      note: asSpecialist ? '服务专员代企业登记' : null,
      at: now,
    });
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
