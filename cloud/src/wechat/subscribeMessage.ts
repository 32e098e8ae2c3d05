// 订阅消息: subscribeMessage.send, and fitting values to the template's field kinds.
import { wechatJson, withAccessToken, type WechatContext } from './client';

export type MiniprogramState = 'developer' | 'trial' | 'formal';

export interface SubscribeMessage {
  /** The receiver's openid. */
  toUser: string;
  templateId: string;
  /** Page opened from the card, e.g. 'pages/need/index?id=…'; no card link when absent. */
  page?: string;
  /** Keys as in the template ('thing1', 'time2'…); fit values with fitTemplateValue. */
  data: Record<string, { value: string }>;
  /** Which version the card opens; WeChat's default is 'formal'. */
  miniprogramState?: MiniprogramState;
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** errcode 43101: the user has not authorised (or has used up) this template. Not worth retrying. */
export const SUBSCRIBE_REFUSED_ERRCODE = 43101;

/**
 * `POST /cgi-bin/message/subscribe/send?access_token=`. Resolves when WeChat
 * accepted the message; a non-zero errcode becomes WechatError (43101 user
 * refused, 47003 bad template data, 40003 bad openid, 40037 bad template id,
 * 41030 bad page). When the token is invalid or expired (40001/42001) it is
 * refreshed and the send retried once.
 */
export async function sendSubscribeMessage(ctx: WechatContext, message: SubscribeMessage): Promise<void> {
  const body: Record<string, unknown> = {
    touser: message.toUser,
    template_id: message.templateId,
    data: message.data,
  };
  if (message.page !== undefined) body.page = message.page;
  if (message.miniprogramState !== undefined) body.miniprogram_state = message.miniprogramState;
  if (message.lang !== undefined) body.lang = message.lang;

  await withAccessToken(ctx, (token) =>
    wechatJson(ctx, {
      method: 'POST',
      path: '/cgi-bin/message/subscribe/send',
      query: { access_token: token },
      json: body,
    }),
  );
}

export type TemplateValueKind = 'thing' | 'character_string' | 'phrase' | 'time' | 'date' | 'number' | 'name' | 'phone_number' | 'amount';

/** WeChat's length limits per kind, in characters (code points). */
export const TEMPLATE_VALUE_LIMITS = {
  thing: 20,
  character_string: 32,
  phrase: 5,
  number: 32,
  phone_number: 17,
  /** 10 Chinese characters; 20 when the name is Latin letters and symbols only. */
  name: 10,
  nameLatin: 20,
  /** Digits, not counting one currency sign, the decimal point or a trailing '元'. */
  amountDigits: 10,
} as const;

const ELLIPSIS = '…';

function cut(chars: string[], limit: number): string {
  return chars.slice(0, limit).join('');
}

/**
 * Fits a value to a template field's kind so WeChat does not refuse the
 * message (47003). Whitespace runs become one space and the ends are trimmed.
 * - `thing` (free text, ≤ 20): a longer value keeps 19 characters and ends in '…'.
 * - `character_string` (≤ 32), `phrase` (≤ 5), `name` (≤ 10, or ≤ 20 when all
 *   ASCII): cut to the limit without '…', which these kinds do not accept
 *   (they allow only letters/digits/symbols, only Chinese characters…).
 * - `time`, `date`: no length limit, returned trimmed.
 * - `number` (≤ 32), `phone_number` (≤ 17), `amount` (≤ 10 digits): never
 *   cut, since a shortened number is a wrong number: RangeError when too long.
 * Lengths count code points, so a cut never splits a surrogate pair.
 */
export function fitTemplateValue(kind: TemplateValueKind, value: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  switch (kind) {
    case 'thing': {
      const limit = TEMPLATE_VALUE_LIMITS.thing;
      return chars.length <= limit ? text : cut(chars, limit - 1) + ELLIPSIS;
    }
    case 'character_string':
      return cut(chars, TEMPLATE_VALUE_LIMITS.character_string);
    case 'phrase':
      return cut(chars, TEMPLATE_VALUE_LIMITS.phrase);
    case 'name': {
      // eslint-disable-next-line no-control-regex
      const latinOnly = /^[\x00-\x7f]*$/.test(text);
      return cut(chars, latinOnly ? TEMPLATE_VALUE_LIMITS.nameLatin : TEMPLATE_VALUE_LIMITS.name);
    }
    case 'time':
    case 'date':
      return text;
    case 'number':
    case 'phone_number': {
      const limit = TEMPLATE_VALUE_LIMITS[kind];
      if (chars.length > limit) {
        throw new RangeError(`fitTemplateValue: a ${kind} has at most ${limit} characters, got ${chars.length}`);
      }
      return text;
    }
    case 'amount': {
      const digits = text.replace(/\D/g, '').length;
      if (digits > TEMPLATE_VALUE_LIMITS.amountDigits) {
        throw new RangeError(`fitTemplateValue: an amount has at most ${TEMPLATE_VALUE_LIMITS.amountDigits} digits, got ${digits}`);
      }
      return text;
    }
  }
}
