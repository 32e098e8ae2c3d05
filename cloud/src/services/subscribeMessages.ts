// WeChat subscribe messages to enterprises that consented: the consent each
// template holds (one credit per accepted prompt), the outbox rows written in
// the transaction of the change they report, and their delivery after the
// commit, so a WeChat failure never undoes or blocks the change, and a
// message claimed by one sender is never sent by another.
import { NEED_STATE_LABELS, type NeedState, type SubscriptionInput, type SubscriptionStatus, type WechatMessageStatus } from '@qi/shared';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config';
import { is } from '../db/sql';
import { isDbUnavailable, type Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { fitTemplateValue, SUBSCRIBE_REFUSED_ERRCODE, WechatError } from '../wechat';

// ---- subscribe messages: consent ------------------------------------------------------

function configuredTemplates(config: AppConfig) {
  const t = config.wechatTemplates.needStatus;
  return t ? [{ purpose: 'need_status' as const, templateId: t }] : [];
}

export async function subscriptionStatus(deps: Deps, p: Principal): Promise<SubscriptionStatus> {
  const templates = configuredTemplates(deps.config);
  const { rows } = await deps.db.query<{ template_id: string; credits: number }>(
    'SELECT template_id, credits FROM subscriptions WHERE user_id = $1',
    [p.id],
  );
  const credits = new Map(rows.map((r) => [r.template_id, r.credits]));
  return { templates: templates.map((t) => ({ ...t, credits: credits.get(t.templateId) ?? 0 })) };
}

/**
 * Records the user's answer to wx.requestSubscribeMessage for one template:
 * an acceptance allows one more message (WeChat's one-time subscription).
 */
export async function recordSubscription(deps: Deps, p: Principal, input: SubscriptionInput): Promise<SubscriptionStatus> {
  if (!configuredTemplates(deps.config).some((t) => t.templateId === input.templateId)) {
    fail('rule_violation', '该订阅消息模板未在服务器配置，无法记录');
  }
  await deps.db.query(
    `INSERT INTO subscriptions (user_id, template_id, credits, accepted, refused, updated_at)
     VALUES ($1, $2, $3, $3, $4, $5)
     ON CONFLICT (user_id, template_id) DO UPDATE SET
       credits = subscriptions.credits + EXCLUDED.credits,
       accepted = subscriptions.accepted + EXCLUDED.accepted,
       refused = subscriptions.refused + EXCLUDED.refused,
       updated_at = EXCLUDED.updated_at`,
    [p.id, input.templateId, input.accepted ? 1 : 0, input.accepted ? 0 : 1, deps.now()],
  );
  return subscriptionStatus(deps, p);
}

// ---- subscribe messages: the outbox ----------------------------------------------------

/** Where a message card leads in the mini-program: the need's detail page (miniapp/src/stationLinks.ts). */
export const NEED_STATUS_PAGE = 'pages/need-detail/index';

/** "2026-11-21 14:05" in Asia/Shanghai, the form WeChat's `time` fields take. */
function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Queues a need-status subscribe message for each of the enterprise's users
 * who allowed one (consuming that consent), inside the transition's
 * transaction. The template's fields: character_string1 需求编号, thing2 需求名称,
 * phrase3 当前状态, time4 更新时间, thing5 备注. Returns the outbox ids to send
 * after the commit.
 */
export async function queueNeedStatusMessages(
  deps: Deps,
  tx: Queryable,
  need: { id: string; number: string; title: string; enterprise_id: string },
  to: NeedState,
  remark: string,
  at: Date,
): Promise<string[]> {
  const templateId = deps.config.wechatTemplates.needStatus;
  if (!deps.config.wechat || !templateId) return [];
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE subscriptions s SET credits = credits - 1, updated_at = $3
       FROM users u
      WHERE s.user_id = u.id AND s.template_id = $2 AND s.credits > 0
        AND u.enterprise_id = $1 AND 'enterprise' = ANY(u.roles) AND u.openid IS NOT NULL
      RETURNING u.id`,
    [need.enterprise_id, templateId, at],
  );
  if (!rows.length) return [];
  const data = {
    character_string1: { value: fitTemplateValue('character_string', need.number) },
    thing2: { value: fitTemplateValue('thing', need.title) },
    phrase3: { value: fitTemplateValue('phrase', NEED_STATE_LABELS[to]) },
    time4: { value: fitTemplateValue('time', shanghaiTime(at)) },
    thing5: { value: fitTemplateValue('thing', remark || '点击查看详情') },
  };
  const out = await tx.query<{ id: string }>(
    `INSERT INTO wechat_messages (user_id, need_id, template_id, page, data, created_at)
     SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6 RETURNING id`,
    [rows.map((r) => r.id), need.id, templateId, `${NEED_STATUS_PAGE}?id=${need.id}`, JSON.stringify(data), at],
  );
  return out.rows.map((r) => r.id);
}

interface OutboxRow {
  id: string;
  user_id: string;
  template_id: string;
  page: string | null;
  data: Record<string, { value: string }>;
  attempts: number;
  openid: string | null;
}

/** Sends of one message WeChat may fail for a passing reason before it counts as failed. */
export const MAX_SEND_ATTEMPTS = 3;

/**
 * Sends queued messages. Each is claimed (pending → sending) by one statement,
 * so two senders never both send it; the outcome (sent, or failed with
 * WeChat's errcode) is recorded, and a passing failure goes back to pending
 * for the tick, up to MAX_SEND_ATTEMPTS sends. Never throws: the change it
 * reports has already been committed.
 */
export async function deliverMessages(deps: Deps, outboxIds: readonly string[]): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  if (!outboxIds.length) return result;
  const client = deps.wechat;
  for (const id of outboxIds) {
    try {
      const { rows } = await deps.db.query<OutboxRow>(
        `UPDATE wechat_messages m SET ${is('status', 'sending' satisfies WechatMessageStatus)}, attempts = m.attempts + 1 FROM users u
          WHERE m.id = $1 AND ${is('m.status', 'pending' satisfies WechatMessageStatus)} AND u.id = m.user_id
          RETURNING m.id, m.user_id, m.template_id, m.page, m.data, m.attempts, u.openid`,
        [id],
      );
      const m = rows[0];
      if (!m) continue; // another sender has it
      let errcode: number | null = null;
      let errmsg: string | null = null;
      // WeChat busy (-1) or no answer at all: worth another try from the tick.
      let passing = false;
      if (!client || !m.openid) {
        errcode = -1;
        errmsg = client ? '用户没有微信 openid' : '服务器未配置微信';
      } else {
        try {
          await client.sendSubscribeMessage({
            toUser: m.openid,
            templateId: m.template_id,
            page: m.page ?? undefined,
            data: m.data,
            miniprogramState: deps.config.wechatMiniprogramState,
            lang: 'zh_CN',
          });
        } catch (e) {
          errcode = e instanceof WechatError ? e.errcode : -1;
          errmsg = e instanceof Error ? e.message.slice(0, 500) : String(e);
          // The shared access_token lives in the database: its being unreachable passes too.
          passing = (e instanceof WechatError && e.isNetworkError) || isDbUnavailable(e);
        }
      }
      if (errcode === null) {
        await deps.db.query(
          `UPDATE wechat_messages SET ${is('status', 'sent' satisfies WechatMessageStatus)}, sent_at = $2 WHERE id = $1`,
          [m.id, deps.now()],
        );
        result.sent++;
      } else {
        const retry = passing && m.attempts < MAX_SEND_ATTEMPTS;
        await deps.db.query(`UPDATE wechat_messages SET status = $4, errcode = $2, errmsg = $3 WHERE id = $1`, [
          m.id,
          errcode,
          errmsg,
          (retry ? 'pending' : 'failed') satisfies WechatMessageStatus,
        ]);
        // The user has not (or no longer) allowed this template: stop spending consents we do not have.
        if (errcode === SUBSCRIBE_REFUSED_ERRCODE) {
          await deps.db.query('UPDATE subscriptions SET credits = 0 WHERE user_id = $1 AND template_id = $2', [m.user_id, m.template_id]);
        }
        result.failed++;
      }
    } catch (e) {
      console.error('[wechat] recording a subscribe message failed:', e);
      result.failed++;
    }
  }
  return result;
}

/** Messages still pending (the process stopped right after a commit, or WeChat was busy), oldest first. */
export async function pendingMessageIds(deps: Deps, olderThan: Date, limit = 200): Promise<string[]> {
  const { rows } = await deps.db.query<{ id: string }>(
    `SELECT id FROM wechat_messages WHERE ${is('status', 'pending' satisfies WechatMessageStatus)} AND created_at < $1 ORDER BY created_at LIMIT $2`,
    [olderThan, limit],
  );
  return rows.map((r) => r.id);
}
