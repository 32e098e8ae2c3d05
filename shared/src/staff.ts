// Staff accounts and enterprise members: what a manager grants (roles,
// stations, an institution or an expert), the one-time binding code that
// carries an invitation to the person's own WeChat account, the staff list,
// the audit of every change, and an enterprise's members.
import { z } from 'zod';
import type { Role } from './enums';
import { BIND_PAGE } from './paths';
import { STAFF_ROLES } from './roles';
import { IdSchema, int4, optionalText, requiredText, RoleSchema, TimestampSchema } from './schemas';

export const STAFF_PATHS = {
  staff: '/api/manage/staff',
  staffAccount: '/api/manage/staff/{id}',
  staffRevoke: '/api/manage/staff/{id}/revoke',
  staffAudit: '/api/manage/staff-audit',
  invitations: '/api/manage/invitations',
  invitationWithdraw: '/api/manage/invitations/{id}/withdraw',
  bind: '/api/invitations/bind',
} as const;

export const MEMBER_PATHS = {
  members: '/api/enterprise/members',
  memberRemove: '/api/enterprise/members/{id}/remove',
  invitations: '/api/enterprise/invitations',
  invitationWithdraw: '/api/enterprise/invitations/{id}/withdraw',
} as const;

/** The H5 address a binding code's QR carries: `${base}/#/packageAccount/pages/bind/index?code=…`. */
export function bindPageUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/${BIND_PAGE}?code=${encodeURIComponent(code)}`;
}

/** Binding codes: 10 characters of an alphabet without 0/O, 1/I (50 bits), shown as XXXXX-XXXXX. */
export const BIND_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const BIND_CODE_LENGTH = 10;
const BIND_CODE_PATTERN = new RegExp(`^[${BIND_CODE_ALPHABET}]{${BIND_CODE_LENGTH}}$`);

/** A typed code as it is compared: spaces and dashes dropped, upper case. */
export const normalizeBindCode = (raw: string): string => raw.replace(/[\s-]+/g, '').toUpperCase();
/** The code as people read it: XXXXX-XXXXX. */
export const formatBindCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * The code inside whatever was scanned or pasted: the bind page's address
 * (`…?code=ABCDE-FGHJK`) or the code itself. Null when neither.
 */
export function bindCodeFrom(text: string): string | null {
  const t = text.trim();
  const q = t.lastIndexOf('?');
  const raw = q >= 0 ? (new URLSearchParams(t.slice(q + 1).split('#')[0]).get('code') ?? '') : t;
  const code = normalizeBindCode(raw);
  return BIND_CODE_PATTERN.test(code) ? code : null;
}

export const BindCodeSchema = z
  .string({ error: '请填写绑定码' })
  .transform(normalizeBindCode)
  .refine((v) => BIND_CODE_PATTERN.test(v), { error: `绑定码应为 ${BIND_CODE_LENGTH} 位字母和数字（如 ABCDE-FGH23）` });

export const BindSchema = z.strictObject({ code: BindCodeSchema });
export type BindInput = z.infer<typeof BindSchema>;

/** Roles a manager can grant: the staff roles (an enterprise account is anyone's by signing in). */
export const GRANTABLE_ROLES = STAFF_ROLES;
const GrantableRoleSchema = z.enum(GRANTABLE_ROLES as [Role, ...Role[]], {
  error: '只能授予服务专员、服务机构/专家、运营管理或监督部门角色',
});

/** How many days an invitation stays valid by default, and at most. */
export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 30;
const ValidDaysSchema = z
  .int({ error: '有效天数应为整数' })
  .min(1, { error: '有效期至少 1 天' })
  .max(INVITATION_MAX_DAYS, { error: `有效期最长 ${INVITATION_MAX_DAYS} 天` })
  .default(INVITATION_DEFAULT_DAYS);

/** What a staff account holds: its roles, the stations of its desk, the institution or expert it acts for. */
const grantShape = {
  roles: z
    .array(GrantableRoleSchema)
    .min(1, { error: '请至少选择一个角色' })
    .refine((xs) => new Set(xs).size === xs.length, { error: '角色有重复' }),
  stationIds: z
    .array(IdSchema)
    .max(20, { error: '最多 20 个站点' })
    .refine((xs) => new Set(xs).size === xs.length, { error: '站点有重复' })
    .default([]),
  institutionId: IdSchema.nullable().default(null),
  expertId: IdSchema.nullable().default(null),
};

interface GrantFields {
  roles: Role[];
  stationIds: string[];
  institutionId: string | null;
  expertId: string | null;
}

/** The grant's rules: a specialist works at stations, a provider acts for exactly one institution or expert. */
function checkGrant(g: GrantFields, ctx: z.RefinementCtx): void {
  const specialist = g.roles.includes('specialist');
  const provider = g.roles.includes('provider');
  if (specialist && !g.stationIds.length) ctx.addIssue({ code: 'custom', path: ['stationIds'], message: '服务专员须选择所在站点' });
  if (!specialist && g.stationIds.length) ctx.addIssue({ code: 'custom', path: ['stationIds'], message: '只有服务专员有所在站点' });
  if (provider && (g.institutionId === null) === (g.expertId === null)) {
    ctx.addIssue({ code: 'custom', path: ['institutionId'], message: '服务机构/专家账号须选择一家服务机构或一位专家' });
  }
  if (!provider && (g.institutionId !== null || g.expertId !== null)) {
    ctx.addIssue({ code: 'custom', path: ['institutionId'], message: '只有服务机构/专家账号可以关联机构或专家' });
  }
}

export const StaffGrantSchema = z.strictObject(grantShape).superRefine(checkGrant);
export type StaffGrant = z.infer<typeof StaffGrantSchema>;

export const CreateStaffInvitationSchema = z
  .strictObject({
    ...grantShape,
    /** Whom it is for, so the list says which code went to whom (e.g. 王工 · 海南省计量测试所). */
    note: requiredText('受邀人说明', 2, 60),
    validDays: ValidDaysSchema,
  })
  .superRefine(checkGrant);
export type CreateStaffInvitationInput = z.infer<typeof CreateStaffInvitationSchema>;

export const CreateMemberInvitationSchema = z.strictObject({
  note: requiredText('受邀同事说明', 2, 60),
  validDays: ValidDaysSchema,
});
export type CreateMemberInvitationInput = z.infer<typeof CreateMemberInvitationSchema>;

export const UpdateStaffSchema = z.strictObject({ ...grantShape, version: int4('版本号应为整数') }).superRefine(checkGrant);
export type UpdateStaffInput = z.infer<typeof UpdateStaffSchema>;

export const RevokeStaffSchema = z.strictObject({
  version: int4('版本号应为整数'),
  reason: requiredText('撤销原因', 2, 200),
});
export type RevokeStaffInput = z.infer<typeof RevokeStaffSchema>;

export const RemoveMemberSchema = z.strictObject({ reason: optionalText('移除原因', 200) });
export type RemoveMemberInput = z.infer<typeof RemoveMemberSchema>;

const Named = z.object({ id: IdSchema, name: z.string() });

export const INVITATION_STATES = ['pending', 'used', 'withdrawn', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];
export const INVITATION_KINDS = ['staff', 'member'] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];

export const InvitationSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(INVITATION_KINDS),
    state: z.enum(INVITATION_STATES),
    roles: z.array(RoleSchema),
    stations: z.array(Named),
    institution: Named.nullable(),
    expert: Named.nullable(),
    enterprise: Named.nullable(),
    note: z.string(),
    /** Null: issued from the command line (a deployment's first manager). */
    createdBy: Named.nullable(),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema,
    usedAt: TimestampSchema.nullable(),
    usedBy: Named.nullable(),
    withdrawnAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;

/** A new invitation with its code: the code is shown this once (only its hash is kept). */
export const IssuedInvitationSchema = z
  .object({
    invitation: InvitationSchema,
    /** XXXXX-XXXXX */
    code: z.string(),
    /** The address the QR carries: the bind page with the code. */
    bindUrl: z.string(),
    /** The QR of bindUrl, as an SVG document. */
    qrSvg: z.string(),
  })
  .meta({ id: 'IssuedInvitation' });
export type IssuedInvitation = z.infer<typeof IssuedInvitationSchema>;

export const StaffAccountSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    roles: z.array(RoleSchema),
    stations: z.array(Named),
    institution: Named.nullable(),
    expert: Named.nullable(),
    /** A demo persona's account (seeded), or null. */
    persona: z.string().nullable(),
    version: z.number().int(),
    createdAt: TimestampSchema,
    lastLoginAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

export const StaffQuerySchema = z.object({
  role: GrantableRoleSchema.optional(),
});

export const ACCOUNT_CHANGE_ACTIONS = [
  'invite',
  'withdraw',
  'bind',
  'change',
  'revoke',
  'member_invite',
  'member_withdraw',
  'member_bind',
  'member_remove',
] as const;
export type AccountChangeAction = (typeof ACCOUNT_CHANGE_ACTIONS)[number];

const GrantViewSchema = z.object({
  roles: z.array(RoleSchema),
  stationIds: z.array(IdSchema),
  institutionId: IdSchema.nullable(),
  expertId: IdSchema.nullable(),
  enterpriseId: IdSchema.nullable(),
});
export type GrantView = z.infer<typeof GrantViewSchema>;

export const AccountChangeSchema = z
  .object({
    id: IdSchema,
    at: TimestampSchema,
    action: z.enum(ACCOUNT_CHANGE_ACTIONS),
    /** Null: the command line (a deployment's first manager's invitation). */
    actor: Named.nullable(),
    subject: Named.nullable(),
    before: GrantViewSchema.nullable(),
    after: GrantViewSchema.nullable(),
    note: z.string().nullable(),
    invitationId: IdSchema.nullable(),
  })
  .meta({ id: 'AccountChange' });
export type AccountChange = z.infer<typeof AccountChangeSchema>;

export const AccountAuditQuerySchema = z.object({
  userId: IdSchema.optional(),
});

export const EnterpriseMemberSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    /** The enterprise's first member: invites and removes colleagues. */
    admin: z.boolean(),
    isMe: z.boolean(),
    createdAt: TimestampSchema,
    lastLoginAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'EnterpriseMember' });
export type EnterpriseMember = z.infer<typeof EnterpriseMemberSchema>;

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: '待绑定',
  used: '已绑定',
  withdrawn: '已撤回',
  expired: '已过期',
};

export const ACCOUNT_CHANGE_LABELS: Record<AccountChangeAction, string> = {
  invite: '发出员工邀请',
  withdraw: '撤回员工邀请',
  bind: '绑定员工邀请',
  change: '修改角色或站点',
  revoke: '撤销员工账号',
  member_invite: '邀请企业同事',
  member_withdraw: '撤回同事邀请',
  member_bind: '加入企业',
  member_remove: '移出企业',
};
