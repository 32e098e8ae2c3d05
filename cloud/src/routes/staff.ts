// Staff accounts (运营管理: invitations with a one-time binding code, the
// accounts' roles and stations, revocation, the audit), the binding itself
// (anyone signed in), and an enterprise's members (its first member invites
// and removes colleagues).
import {
  AccountAuditQuerySchema,
  AccountChangeSchema,
  BindSchema,
  CreateMemberInvitationSchema,
  CreateStaffInvitationSchema,
  EnterpriseMemberSchema,
  IdSchema,
  InvitationSchema,
  IssuedInvitationSchema,
  MEMBER_PATHS,
  MeSchema,
  RemoveMemberSchema,
  RevokeStaffSchema,
  STAFF_PATHS,
  StaffAccountSchema,
  StaffQuerySchema,
  UpdateStaffSchema,
} from '@qi/shared';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps';
import { bindInvitation } from '../services/staff/bindInvitation';
import { inviteMember, listMemberInvitations, listMembers, removeMember, withdrawMemberInvitation } from '../services/staff/members';
import {
  createStaffInvitation,
  listAccountChanges,
  listStaff,
  listStaffInvitations,
  revokeStaff,
  updateStaff,
  withdrawStaffInvitation,
} from '../services/staff/staffAdmin';
import { createRouter, type AppEnv } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';
import * as sx from './staffExamples';

const IdParams = z.object({ id: IdSchema });
const TAG = '员工账号';
const manager = { access: 'signedIn', roles: ['manager'] } as const;
const enterprise = { access: 'signedIn', roles: ['enterprise'] } as const;
/** The origin the request came in on: the H5 app's, when PUBLIC_BASE_URL is not set. */
const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

const staffInvite = {
  roles: ['provider' as const],
  stationIds: [],
  institutionId: sx.invitation.institution!.id,
  expertId: null,
  note: sx.invitation.note,
  validDays: 7,
};

export function staffRoutes(deps: Deps) {
  const manage = createRouter(STAFF_PATHS.staff);
  const invitations = createRouter(STAFF_PATHS.bind);
  const members = createRouter(MEMBER_PATHS.members);

  // ---- managers
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listStaffAccounts',
      method: 'get',
      path: STAFF_PATHS.staff,
      tag: TAG,
      summary: '员工账号：服务专员、服务机构/专家、运营管理、监督部门的账号及其角色、站点、机构',
      ...manager,
      request: { query: StaffQuerySchema },
      responses: { 200: jsonResponse(z.array(StaffAccountSchema), '员工账号', [sx.staffAccount]) },
    }),
    async (c) => c.json(await listStaff(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'updateStaffAccount',
      method: 'put',
      path: STAFF_PATHS.staffAccount,
      tag: TAG,
      summary: '修改员工账号的角色、站点、机构（带版本号，否则 409）；记入账号变更记录',
      ...manager,
      request: {
        params: IdParams,
        body: jsonBody(UpdateStaffSchema, {
          roles: staffInvite.roles,
          stationIds: [],
          institutionId: staffInvite.institutionId,
          expertId: null,
          version: sx.staffAccount.version,
        }),
      },
      responses: { 200: jsonResponse(StaffAccountSchema, '修改后的账号', sx.staffAccount) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await updateStaff(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'revokeStaffAccount',
      method: 'post',
      path: STAFF_PATHS.staffRevoke,
      tag: TAG,
      summary: '撤销员工账号的全部员工角色、站点和机构（立即生效；带版本号）；记入账号变更记录',
      ...manager,
      request: { params: IdParams, body: jsonBody(RevokeStaffSchema, { version: sx.staffAccount.version, reason: '已离职' }) },
      responses: {
        200: jsonResponse(StaffAccountSchema, '撤销后的账号', { ...sx.staffAccount, roles: ['enterprise'], institution: null }),
      },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await revokeStaff(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listAccountChanges',
      method: 'get',
      path: STAFF_PATHS.staffAudit,
      tag: TAG,
      summary: '账号变更记录：邀请、撤回、绑定、修改、撤销、企业成员的加入与移除（谁、何时、改了什么；新的在前）',
      ...manager,
      request: { query: AccountAuditQuerySchema },
      responses: { 200: jsonResponse(z.array(AccountChangeSchema), '变更记录', [sx.accountChange]) },
    }),
    async (c) => c.json(await listAccountChanges(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listStaffInvitations',
      method: 'get',
      path: STAFF_PATHS.invitations,
      tag: TAG,
      summary: '员工邀请：待绑定、已使用、已撤回、已过期（绑定码只在生成时显示一次）',
      ...manager,
      responses: { 200: jsonResponse(z.array(InvitationSchema), '邀请', [sx.invitation]) },
    }),
    async (c) => c.json(await listStaffInvitations(deps, c.get('principal')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'createStaffInvitation',
      method: 'post',
      path: STAFF_PATHS.invitations,
      tag: TAG,
      summary: '邀请员工：生成一次性绑定码及其二维码（受邀人微信登录后输入或扫码绑定）',
      ...manager,
      request: { body: jsonBody(CreateStaffInvitationSchema, staffInvite) },
      responses: { 201: jsonResponse(IssuedInvitationSchema, '邀请及绑定码', sx.issuedInvitation) },
      errors: [422],
    }),
    async (c) => c.json(await createStaffInvitation(deps, c.get('principal'), c.req.valid('json'), originOf(c)), 201),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'withdrawStaffInvitation',
      method: 'post',
      path: STAFF_PATHS.invitationWithdraw,
      tag: TAG,
      summary: '撤回尚未使用的员工邀请：其绑定码随即失效',
      ...manager,
      request: { params: IdParams },
      responses: { 200: jsonResponse(InvitationSchema, '已撤回', { ...sx.invitation, state: 'withdrawn' }) },
      errors: [404, 422],
    }),
    async (c) => c.json(await withdrawStaffInvitation(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  // ---- anyone signed in
  invitations.openapi(
    defineRoute(deps, {
      operationId: 'bindInvitation',
      method: 'post',
      path: STAFF_PATHS.bind,
      tag: '账号',
      summary: '用绑定码绑定邀请：本账号获得邀请授予的角色、站点、机构或企业；每个绑定码只能用一次',
      description:
        '绑定码不存在 404 invitation_not_found；已过期、已使用、已撤回分别 422 invitation_expired、invitation_used、invitation_withdrawn。',
      access: 'signedIn',
      request: { body: jsonBody(BindSchema, { code: sx.issuedInvitation.code }) },
      responses: { 200: jsonResponse(MeSchema, '绑定后的当前用户', ex.me) },
      errors: [404, 422],
    }),
    async (c) => c.json(await bindInvitation(deps, c.get('principal'), c.req.valid('json').code), 200),
  );

  // ---- an enterprise's members
  members.openapi(
    defineRoute(deps, {
      operationId: 'listEnterpriseMembers',
      method: 'get',
      path: MEMBER_PATHS.members,
      tag: '账号',
      summary: '本企业的成员：都能查看本企业的需求；首位成员为管理员',
      ...enterprise,
      responses: { 200: jsonResponse(z.array(EnterpriseMemberSchema), '成员', [sx.member]) },
      errors: [422],
    }),
    async (c) => c.json(await listMembers(deps, c.get('principal')), 200),
  );
  members.openapi(
    defineRoute(deps, {
      operationId: 'removeEnterpriseMember',
      method: 'post',
      path: MEMBER_PATHS.memberRemove,
      tag: '账号',
      summary: '移除本企业的成员（企业管理员）：立即不再能查看本企业的需求',
      ...enterprise,
      request: { params: IdParams, body: jsonBody(RemoveMemberSchema, { reason: '已调岗' }) },
      responses: { 200: jsonResponse(z.array(EnterpriseMemberSchema), '移除后的成员', [sx.member]) },
      errors: [404, 422],
    }),
    async (c) => c.json(await removeMember(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  members.openapi(
    defineRoute(deps, {
      operationId: 'listMemberInvitations',
      method: 'get',
      path: MEMBER_PATHS.invitations,
      tag: '账号',
      summary: '本企业发出的同事邀请（企业管理员）',
      ...enterprise,
      responses: {
        200: jsonResponse(z.array(InvitationSchema), '邀请', [
          { ...sx.invitation, kind: 'member', roles: ['enterprise'], institution: null },
        ]),
      },
      errors: [422],
    }),
    async (c) => c.json(await listMemberInvitations(deps, c.get('principal')), 200),
  );
  members.openapi(
    defineRoute(deps, {
      operationId: 'createMemberInvitation',
      method: 'post',
      path: MEMBER_PATHS.invitations,
      tag: '账号',
      summary: '邀请同事加入本企业（企业管理员）：生成一次性绑定码及其二维码',
      ...enterprise,
      request: { body: jsonBody(CreateMemberInvitationSchema, { note: '财务部 小周', validDays: 7 }) },
      responses: { 201: jsonResponse(IssuedInvitationSchema, '邀请及绑定码', sx.issuedInvitation) },
      errors: [422],
    }),
    async (c) => c.json(await inviteMember(deps, c.get('principal'), c.req.valid('json'), originOf(c)), 201),
  );
  members.openapi(
    defineRoute(deps, {
      operationId: 'withdrawMemberInvitation',
      method: 'post',
      path: MEMBER_PATHS.invitationWithdraw,
      tag: '账号',
      summary: '撤回尚未使用的同事邀请（企业管理员）',
      ...enterprise,
      request: { params: IdParams },
      responses: { 200: jsonResponse(InvitationSchema, '已撤回', { ...sx.invitation, kind: 'member', state: 'withdrawn' }) },
      errors: [404, 422],
    }),
    async (c) => c.json(await withdrawMemberInvitation(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  return [manage, invitations, members];
}
