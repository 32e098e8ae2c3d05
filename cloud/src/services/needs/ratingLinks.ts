// 一次一评: the one-time rating link of a need. Staff who serve the need issue
// it once the need is ready to be rated — or, for a need they recorded on the
// enterprise's behalf (窗口、电话…), from intake, for its receipt (issuing
// again replaces the link); only the token's SHA-256 is kept. Whoever holds
// the link sees the need's number, title and state; once the need is
// completed they rate it once, exactly as the enterprise would in the app
// (recordRating); the link expires with the need's rating window.
import { createHash, randomBytes } from 'node:crypto';
import {
  NEED_STATE_LABELS,
  OPEN_NEED_STATES,
  ratingLinkBeforeCompletion,
  ratingLinkUrl,
  toShanghaiDate,
  type IssuedRatingLink,
  type RatingInput,
  type RatingLinkView,
  type SatisfactionLevel,
} from '@qi/shared';
import { isServiceStaff } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { deliverMessages } from '../notifications';
import { loadNeedRow, type NeedRow } from '../needView';
import { visibleNeed } from './getNeed';
import { recordRating } from './rateNeed';

export const hashRatingToken = (token: string): string => createHash('sha256').update(token).digest('hex');

interface LinkRow {
  need_id: string;
  used_at: Date | null;
  used_key: string | null;
}

/** Issues the need's link (replacing any earlier one): the token is in the answer only. */
export async function issueRatingLink(deps: Deps, p: Principal, needId: string, origin: string): Promise<IssuedRatingLink> {
  if (!isServiceStaff(p.roles)) fail('forbidden', '只有服务专员或运营管理人员可以生成评价链接');
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, needId, true);
    const rated = await tx.query('SELECT 1 FROM ratings WHERE need_id = $1', [row.id]);
    if (rated.rowCount) fail('duplicate', '该需求已评价，无需再生成评价链接');
    // A need recorded by staff carries its link from intake (the receipt); any other once it can be rated.
    if (!ratingLinkBeforeCompletion({ state: row.state, recordedByStaff: row.recorder_id !== null })) {
      if (row.state !== 'completed' || !row.rate_by)
        fail('transition_not_allowed', '需求办结后才能生成评价链接（窗口、电话等代企业登记的需求，登记后即可生成）');
      if (toShanghaiDate(now) > row.rate_by!) fail('rule_violation', `评价期已于 ${row.rate_by} 结束，不能再生成评价链接`);
    }
    const token = randomBytes(32).toString('base64url');
    await tx.query(
      `INSERT INTO rating_links (need_id, token_hash, issued_by, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (need_id) DO UPDATE SET token_hash = excluded.token_hash, issued_by = excluded.issued_by,
         issued_at = excluded.issued_at, used_at = NULL, used_key = NULL`,
      [row.id, hashRatingToken(token), p.id, now],
    );
    return {
      token,
      url: ratingLinkUrl(deps.config.publicBaseUrl ?? origin, token),
      number: row.number,
      rateBy: row.rate_by,
      issuedAt: now.toISOString(),
    };
  });
}

/** The link's row and its need, or 404 for a token never issued (or replaced since). */
async function linkedNeed(tx: Queryable, token: string, forUpdate: boolean): Promise<{ link: LinkRow; need: NeedRow }> {
  const { rows } = await tx.query<LinkRow>(
    `SELECT need_id, used_at, used_key FROM rating_links WHERE token_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [hashRatingToken(token)],
  );
  if (!rows[0]) fail('rating_link_not_found');
  const need = (await loadNeedRow(tx, rows[0]!.need_id, forUpdate))!;
  return { link: rows[0]!, need };
}

async function ratingOf(tx: Queryable, needId: string): Promise<RatingLinkView['rating']> {
  const { rows } = await tx.query<{ overall: SatisfactionLevel; resolved: boolean }>(
    'SELECT overall, resolved FROM ratings WHERE need_id = $1',
    [needId],
  );
  return rows[0] ?? null;
}

/**
 * Whether the link rates now (true) or waits for the service to be completed
 * (false: the need is still being worked on). Refuses a used link (410), a
 * need rated in the app meanwhile (409), a closed window (410), a need that
 * ended without service (rejected, withdrawn: 422).
 */
function usable(deps: Deps, link: LinkRow, need: NeedRow, rated: boolean): boolean {
  if (link.used_at) fail('rating_link_used');
  if (rated) fail('duplicate', '该需求已评价，每个需求只能评价一次');
  if (need.rate_by && toShanghaiDate(deps.now()) > need.rate_by)
    fail('rating_link_expired', `评价期已于 ${need.rate_by} 结束，评价链接已失效`);
  if (need.state === 'completed' && need.rate_by) return true;
  if (OPEN_NEED_STATES.includes(need.state)) return false;
  return fail('transition_not_allowed', `该需求${NEED_STATE_LABELS[need.state]}，不能评价`);
}

const viewOf = (need: NeedRow, ready: boolean, rating: RatingLinkView['rating']): RatingLinkView => ({
  number: need.number,
  title: need.title,
  state: need.state,
  ready,
  rateBy: need.rate_by,
  rating,
});

/** What the link rates, while it can be used: ready, or waiting for the service to be completed. */
export async function viewRatingLink(deps: Deps, token: string): Promise<RatingLinkView> {
  return deps.db.transaction(async (tx) => {
    const { link, need } = await linkedNeed(tx, token, false);
    return viewOf(need, usable(deps, link, need, (await ratingOf(tx, need.id)) !== null), null);
  });
}

/**
 * Rates through the link, once. The submission that used it may be retried
 * with the same Idempotency-Key and gets the same answer; any other is 410.
 */
export async function rateByLink(deps: Deps, token: string, key: string, input: RatingInput): Promise<RatingLinkView> {
  const now = deps.now();
  const { view, outbox } = await deps.db.transaction(async (tx) => {
    const { link, need } = await linkedNeed(tx, token, true);
    if (link.used_at && link.used_key === key) return { view: viewOf(need, false, await ratingOf(tx, need.id)), outbox: [] };
    if (!usable(deps, link, need, (await ratingOf(tx, need.id)) !== null))
      fail('transition_not_allowed', '服务完成后才能评价，请在需求办结后再打开此链接');
    const outbox = await recordRating(deps, tx, need, { link: true }, input, now);
    await tx.query('UPDATE rating_links SET used_at = $2, used_key = $3 WHERE need_id = $1', [need.id, now, key]);
    const rated = (await loadNeedRow(tx, need.id))!;
    return { view: viewOf(rated, false, await ratingOf(tx, need.id)), outbox };
  });
  await deliverMessages(deps, outbox);
  return view;
}
