// The HTTP contract (SPEC "The HTTP contract (v1)"): error codes with their
// status and default Chinese message, the error body, and the fixed paths.
import { z } from 'zod';
import { NEED_STATES } from './enums';

export const ERRORS = {
  malformed_json: { status: 400, message: '请求体不是有效的 JSON' },
  validation_failed: { status: 400, message: '提交的内容有误，请按提示修改' },
  idempotency_key_required: { status: 400, message: '缺少 Idempotency-Key 请求头，无法防止重复提交' },
  unauthorized: { status: 401, message: '请先登录' },
  session_expired: { status: 401, message: '登录已过期，请重新登录' },
  wechat_login_failed: { status: 401, message: '微信登录失败，请重新打开小程序后再试' },
  forbidden: { status: 403, message: '当前身份无权执行此操作' },
  not_found: { status: 404, message: '没有找到该内容，或您无权查看' },
  version_conflict: { status: 409, message: '该需求已被他人更新，请刷新后再操作' },
  duplicate: { status: 409, message: '该内容已存在，请勿重复提交' },
  idempotency_key_reused: { status: 422, message: '同一个 Idempotency-Key 已用于不同的内容，请生成新的键' },
  transition_not_allowed: { status: 422, message: '需求当前状态不允许此操作' },
  rule_violation: { status: 422, message: '不符合业务规则，操作未执行' },
  payload_too_large: { status: 413, message: '提交的内容过大' },
  unsupported_media_type: { status: 415, message: '请以 application/json 提交' },
  rate_limited: { status: 429, message: '操作太频繁，请稍后再试' },
  internal: { status: 500, message: '服务器开小差了，请稍后重试' },
  upstream_unavailable: { status: 502, message: '外部服务暂时不可用，请稍后重试' },
  database_unavailable: { status: 503, message: '系统暂时无法访问数据库，请稍后重试' },
  invitation_not_found: { status: 404, message: '绑定码不存在，请核对后重新输入' },
  invitation_expired: { status: 422, message: '绑定码已过期，请联系邀请人重新生成' },
  invitation_used: { status: 422, message: '绑定码已被使用，每个绑定码只能使用一次' },
  invitation_withdrawn: { status: 422, message: '绑定码已被邀请人撤回' },
  rating_link_not_found: { status: 404, message: '评价链接无效或已被重新生成，请联系工作人员获取新的评价二维码' },
  rating_link_used: { status: 410, message: '该评价链接已使用，每个需求只能评价一次' },
  rating_link_expired: { status: 410, message: '评价期已结束，评价链接已失效' },
  file_link_invalid: { status: 403, message: '下载链接无效，请回到需求页面重新打开附件' },
  file_link_expired: { status: 410, message: '下载链接已过期，请回到需求页面重新打开附件' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export const ErrorIssueSchema = z.object({ path: z.string(), message: z.string() });
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      issues: z.array(ErrorIssueSchema).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type ErrorIssue = z.infer<typeof ErrorIssueSchema>;

/** Turns zod issues into the contract's `issues` (dotted paths, Chinese messages). */
export function toErrorIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ErrorIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Largest JSON request body the API accepts. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Largest file accepted: a phone photo (the pickers compress) or a scanned
 * PDF fits, and the multipart request stays under the 4.5 MB request-body
 * limit of Vercel's functions, where the API is deployed.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/**
 * The API's reference: the OpenAPI document and the Swagger UI page that reads
 * it (with its assets, by file name under `assets`). Not operations of the
 * document itself, so not in the tables the OpenAPI test walks.
 */
export const DOCS_PATHS = {
  openapi: '/api/openapi.json',
  page: '/api/docs',
  assets: '/api/docs/assets',
} as const;

export const IdempotencyKeySchema = z
  .string()
  .min(8, { error: 'Idempotency-Key 至少 8 个字符' })
  .max(128, { error: 'Idempotency-Key 不能超过 128 个字符' })
  .regex(/^[\w.:-]+$/, { error: 'Idempotency-Key 只能包含字母、数字和 -_.:' });

/** An opaque paging cursor as the server hands it out (base64url). */
export const CursorSchema = z
  .string()
  .max(200, { error: '分页游标无效' })
  .regex(/^[\w-]*$/, { error: '分页游标无效' })
  .optional();

export const NeedListQuerySchema = z.object({
  cursor: CursorSchema,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  state: z.enum(NEED_STATES).optional(),
});
export type NeedListQuery = z.infer<typeof NeedListQuerySchema>;
