// An enterprise's members: every account bound to it sees its needs. Its
// first member (the admin) invites colleagues with a one-time code, lists and
// withdraws those invitations, and removes a member.
import type { CreateMemberInvitationInput, EnterpriseMember, Invitation, IssuedInvitation, RemoveMemberInput } from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { issueInvitation, loadInvitations, lockGrant, recordAccountChange, withdrawInvitation } from './records';

/** The caller's enterprise: 403 for a non-enterprise account, 422 before the enterprise is filled in. */
function enterpriseOf(p: Principal): string {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以管理企业成员');
  if (!p.enterpriseId) fail('rule_violation', '请先在“我的”中填写企业信息，再邀请同事');
  return p.enterpriseId!;
}

/** The enterprise, when the caller is its admin (first member); 403 otherwise. */
async function adminEnterprise(deps: Deps, p: Principal): Promise<string> {
  const enterpriseId = enterpriseOf(p);
  const { rows } = await deps.db.query<{ admin: boolean }>('SELECT enterprise_admin AS admin FROM users WHERE id = $1', [p.id]);
  if (!rows[0]?.admin) fail('forbidden', '只有企业的首位成员（管理员）可以邀请或移除同事');
  return enterpriseId;
}

interface MemberRow {
  id: string;
  name_enc: string | null;
  enterprise_admin: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

export async function listMembers(deps: Deps, p: Principal): Promise<EnterpriseMember[]> {
  const enterpriseId = enterpriseOf(p);
  const { rows } = await deps.db.query<MemberRow>(
    `SELECT id, name_enc, enterprise_admin, created_at, last_login_at FROM users
      WHERE enterprise_id = $1 AND 'enterprise' = ANY(roles) ORDER BY enterprise_admin DESC, created_at, id`,
    [enterpriseId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: openName(deps.pii, r.name_enc),
    admin: r.enterprise_admin,
    isMe: r.id === p.id,
    createdAt: r.created_at.toISOString(),
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
  }));
}

export async function inviteMember(
  deps: Deps,
  p: Principal,
  input: CreateMemberInvitationInput,
  origin: string,
): Promise<IssuedInvitation> {
  const enterpriseId = await adminEnterprise(deps, p);
  return deps.db.transaction((tx) =>
    issueInvitation(
      deps,
      tx,
      p,
      {
        kind: 'member',
        roles: ['enterprise'],
        stationIds: [],
        institutionId: null,
        expertId: null,
        enterpriseId,
        note: input.note,
        validDays: input.validDays,
      },
      origin,
    ),
  );
}

export async function listMemberInvitations(deps: Deps, p: Principal): Promise<Invitation[]> {
  const enterpriseId = await adminEnterprise(deps, p);
  return loadInvitations(deps, deps.db, "i.kind = 'member' AND i.enterprise_id = $1", [enterpriseId]);
}

export async function withdrawMemberInvitation(deps: Deps, p: Principal, id: string): Promise<Invitation> {
  const enterpriseId = await adminEnterprise(deps, p);
  return withdrawInvitation(deps, p, id, 'member', { where: 'i.enterprise_id = $2', params: [enterpriseId] });
}

/** Unbinds a colleague from the enterprise: from its next request on it sees none of the enterprise's needs. */
export async function removeMember(deps: Deps, p: Principal, id: string, input: RemoveMemberInput): Promise<EnterpriseMember[]> {
  const enterpriseId = await adminEnterprise(deps, p);
  await deps.db.transaction(async (tx) => {
    const before = await lockGrant(tx, id);
    if (!before || before.enterpriseId !== enterpriseId) fail('not_found', '没有找到该成员');
    if (id === p.id) fail('rule_violation', '不能移除自己（企业管理员）');
    await tx.query('UPDATE users SET enterprise_id = NULL, version = version + 1 WHERE id = $1', [id]);
    await recordAccountChange(
      tx,
      p,
      {
        action: 'member_remove',
        subjectId: id,
        before: before!,
        after: { ...before!, enterpriseId: null },
        note: input.reason || null,
        enterpriseId,
      },
      deps.now(),
    );
  });
  return listMembers(deps, p);
}
