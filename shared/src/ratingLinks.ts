// 一次一评 (政务服务“好差评”): a one-time rating link for an enterprise served
// at the window or by phone, without a mini-program account. Staff issue it
// once the need is ready to be rated; the enterprise opens it without signing
// in, sees only the need's number and title, and rates it once (Annex C form).
import { z } from 'zod';
import { SATISFACTION_LEVELS } from './enums';
import { IsoDateSchema, TimestampSchema } from './schemas';
import { RATING_LINK_TOKEN_PATTERN } from './scan';

export const RatingLinkTokenSchema = z
  .string()
  .regex(RATING_LINK_TOKEN_PATTERN, { error: '评价链接不完整或格式不正确，请重新扫码或完整复制链接' })
  .meta({ description: '一次性评价链接中的随机令牌（43 位）', example: 'q7Yb0cZ3kR1mN8sT2vW5xA9dE4fG6hJ0kL3mN7pQ1rS' });

export const RatingLinkParams = z.object({ token: RatingLinkTokenSchema });

/** What staff get when they issue a link: shown once (only its hash is kept). */
export const IssuedRatingLinkSchema = z
  .object({
    token: RatingLinkTokenSchema,
    url: z.string(),
    number: z.string(),
    /** The last day the link can be used: the need's rating window. */
    rateBy: IsoDateSchema,
    issuedAt: TimestampSchema,
  })
  .meta({ id: 'IssuedRatingLink' });
export type IssuedRatingLink = z.infer<typeof IssuedRatingLinkSchema>;

/** What the link's holder sees: the need's number and title, nothing personal. */
export const RatingLinkViewSchema = z
  .object({
    number: z.string(),
    title: z.string(),
    rateBy: IsoDateSchema,
    /** Set once rated through this link (a retried submission's answer). */
    rating: z.object({ overall: z.enum(SATISFACTION_LEVELS), resolved: z.boolean() }).nullable(),
  })
  .meta({ id: 'RatingLinkView' });
export type RatingLinkView = z.infer<typeof RatingLinkViewSchema>;
