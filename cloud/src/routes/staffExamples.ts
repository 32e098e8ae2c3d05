// Examples of the staff and member operations for the API reference.
import type { AccountChange, EnterpriseMember, Invitation, IssuedInvitation, StaffAccount } from '@qi/shared';

const manager = { id: '8f0c4a51-3f7e-4c39-9a44-3f8a8d2b6c10', name: '陈海燕' };
const institution = { id: '5c6d5869-c895-4047-aad9-f2f325192143', name: '海南省计量测试研究中心' };

export const invitation: Invitation = {
  id: '0b7f2c4e-5a61-4d2a-8f43-6c1b9e2d7a80',
  kind: 'staff',
  state: 'pending',
  roles: ['provider'],
  stations: [],
  institution,
  expert: null,
  enterprise: null,
  note: '王工 · 计量测试研究中心业务室',
  createdBy: manager,
  createdAt: '2026-12-01T02:00:00.000Z',
  expiresAt: '2026-12-08T02:00:00.000Z',
  usedAt: null,
  usedBy: null,
  withdrawnAt: null,
};

export const issuedInvitation: IssuedInvitation = {
  invitation,
  code: 'K7QMD-3XPA9',
  bindUrl: 'https://qi.example.cn/#/packageAccount/pages/bind/index?code=K7QMD-3XPA9',
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33">…</svg>',
};

export const staffAccount: StaffAccount = {
  id: '337a2c24-045a-44b2-b615-15c8bb079620',
  name: '王建国',
  roles: ['provider'],
  stations: [],
  institution,
  expert: null,
  persona: null,
  version: 2,
  createdAt: '2026-12-01T02:10:00.000Z',
  lastLoginAt: '2026-12-01T02:10:00.000Z',
};

export const accountChange: AccountChange = {
  id: '6a1d3e5f-7b2c-4d8e-9f01-2a3b4c5d6e7f',
  at: '2026-12-01T02:10:00.000Z',
  action: 'bind',
  actor: { id: staffAccount.id, name: '王建国' },
  subject: { id: staffAccount.id, name: '王建国' },
  before: { roles: ['enterprise'], stationIds: [], institutionId: null, expertId: null, enterpriseId: null },
  after: { roles: ['provider'], stationIds: [], institutionId: institution.id, expertId: null, enterpriseId: null },
  note: null,
  invitationId: invitation.id,
};

export const member: EnterpriseMember = {
  id: '402dd69c-e4e2-462e-8d5d-ca60a6bbc1b1',
  name: '林晓华',
  admin: true,
  isMe: true,
  createdAt: '2026-11-02T01:00:00.000Z',
  lastLoginAt: '2026-12-01T01:00:00.000Z',
};
