// Calls of staff accounts (managers), binding an invitation (anyone signed
// in) and an enterprise's members, typed by the shared contract.
import {
  apiPath,
  MEMBER_PATHS,
  STAFF_PATHS,
  type AccountChange,
  type CreateMemberInvitationInput,
  type CreateStaffInvitationInput,
  type EnterpriseMember,
  type Invitation,
  type IssuedInvitation,
  type Me,
  type RevokeStaffInput,
  type StaffAccount,
  type UpdateStaffInput,
} from '@qi/shared'
import { api } from './client'

type Quiet = { toast?: boolean }

export const fetchStaffAccounts = (options?: Quiet) => api.get<StaffAccount[]>(STAFF_PATHS.staff, options)
export const updateStaffAccount = (id: string, body: UpdateStaffInput) =>
  api.put<StaffAccount>(apiPath(STAFF_PATHS.staffAccount, { id }), body)
export const revokeStaffAccount = (id: string, body: RevokeStaffInput) =>
  api.post<StaffAccount>(apiPath(STAFF_PATHS.staffRevoke, { id }), body)
export const fetchAccountChanges = (userId?: string, options?: Quiet) =>
  api.get<AccountChange[]>(STAFF_PATHS.staffAudit, { ...options, query: userId ? { userId } : {} })
export const fetchStaffInvitations = (options?: Quiet) => api.get<Invitation[]>(STAFF_PATHS.invitations, options)
export const createStaffInvitation = (body: CreateStaffInvitationInput) => api.post<IssuedInvitation>(STAFF_PATHS.invitations, body)
export const withdrawStaffInvitation = (id: string) => api.post<Invitation>(apiPath(STAFF_PATHS.invitationWithdraw, { id }), {})

/** Binds the invitation a code stands for to the signed-in account. */
export const bindInvitation = (code: string) => api.post<Me>(STAFF_PATHS.bind, { code }, { toast: false })

export const fetchMembers = (options?: Quiet) => api.get<EnterpriseMember[]>(MEMBER_PATHS.members, options)
export const removeMember = (id: string, reason?: string) =>
  api.post<EnterpriseMember[]>(apiPath(MEMBER_PATHS.memberRemove, { id }), reason ? { reason } : {})
export const fetchMemberInvitations = (options?: Quiet) => api.get<Invitation[]>(MEMBER_PATHS.invitations, options)
export const createMemberInvitation = (body: CreateMemberInvitationInput) => api.post<IssuedInvitation>(MEMBER_PATHS.invitations, body)
export const withdrawMemberInvitation = (id: string) => api.post<Invitation>(apiPath(MEMBER_PATHS.invitationWithdraw, { id }), {})
