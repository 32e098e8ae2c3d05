// 一次一评 (政务服务“好差评”): a one-time rating link for an enterprise served
// at the window or by phone, without a mini-program account. A need staff
// record on its behalf carries the link on its receipt from intake; any other
// gets it once ready to be rated. The enterprise opens it without signing in,
// sees only the need's number, title and state, and — once the service is
// completed, inside the rating window — rates it once (Annex C form).
import { z } from 'zod';
import { SATISFACTION_LEVELS, type NeedState } from './enums';
import { OPEN_NEED_STATES } from './needFlow';
import { RATING_LINK_TOKEN_PATTERN } from './scan';
import { IsoDateSchema, NeedStateSchema, TimestampSchema } from './schemas';

export const RatingLinkTokenSchema = z
  .string()
  .regex(RATING_LINK_TOKEN_PATTERN, { error: '评价链接不完整或格式不正确，请重新扫码或完整复制链接' })
  .meta({ description: '一次性评价链接中的随机令牌（43 位）', example: 'q7Yb0cZ3kR1mN8sT2vW5xA9dE4fG6hJ0kL3mN7pQ1rS' });

export const RatingLinkParams = z.object({ token: RatingLinkTokenSchema });

/**
 * Whether the need's link may be issued before its service is completed: a
 * need staff recorded on the enterprise's behalf (窗口登记、电话、走访…),
 * still being worked on. Its receipt carries the link from intake; the link
 * rates once the need is completed, until its rating window closes.
 */
export function ratingLinkBeforeCompletion(need: { state: NeedState; recordedByStaff: boolean }): boolean {
  return need.recordedByStaff && OPEN_NEED_STATES.includes(need.state);
}

/** What staff get when they issue a link: shown once (only its hash is kept). */
export const IssuedRatingLinkSchema = z
  .object({
    token: RatingLinkTokenSchema,
    url: z.string(),
    number: z.string(),
    /**
     * The last day the link can be used: the need's rating window. Null while
     * the service is not completed: the window closes the time limit's
     * working days (rateDays) after completion.
     */
    rateBy: IsoDateSchema.nullable(),
    issuedAt: TimestampSchema,
  })
  .meta({ id: 'IssuedRatingLink' });
export type IssuedRatingLink = z.infer<typeof IssuedRatingLinkSchema>;

/** What the link's holder sees: the need's number, title and state, nothing personal. */
export const RatingLinkViewSchema = z
  .object({
    number: z.string(),
    title: z.string(),
    state: NeedStateSchema,
    /** Whether it can be rated now (completed, inside its window); false: 服务完成后可通过此码评价. */
    ready: z.boolean(),
    /** The window's last day; null until the service is completed. */
    rateBy: IsoDateSchema.nullable(),
    /** Set once rated through this link (a retried submission's answer). */
    rating: z.object({ overall: z.enum(SATISFACTION_LEVELS), resolved: z.boolean() }).nullable(),
  })
  .meta({ id: 'RatingLinkView' });
export type RatingLinkView = z.infer<typeof RatingLinkViewSchema>;
