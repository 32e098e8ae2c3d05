// Anyone signed in binds an invitation to the account they signed in with:
// the code is looked up by its hash, refused when unknown (404), withdrawn,
// used or expired (422, each with its own code), and used once, in the
// transaction that gives the account what the invitation grants.
import { ROLES, type Me, type Role } from '@qi/shared';
import { loadPrincipal, type Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { getMe } from '../users';
import { applyGrant, checkGrantTargets, hashCode, invitationState, lockGrant, recordAccountChange, type InvitationRow } from './records';

const sortRoles = (roles: readonly Role[]): Role[] => ROLES.filter((r) => roles.includes(r));

export async function bindInvitation(deps: Deps, p: Principal, code: string): Promise<Me> {
  await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const { rows } = await tx.query<InvitationRow>('SELECT * FROM invitations WHERE code_hash = $1 FOR UPDATE', [hashCode(code)]);
    const inv = rows[0];
    if (!inv) fail('invitation_not_found');
    const state = invitationState(inv!, now);
    if (state === 'used') fail('invitation_used');
    if (state === 'withdrawn') fail('invitation_withdrawn');
    if (state === 'expired') fail('invitation_expired');
    const before = (await lockGrant(tx, p.id))!;

    if (inv!.kind === 'member') {
      if (before.enterpriseId === inv!.enterprise_id) fail('rule_violation', '您已是该企业的成员，无需再绑定');
      if (before.enterpriseId) fail('rule_violation', '您的账号已绑定其他企业，不能加入该企业');
      const roles = sortRoles([...before.roles, 'enterprise']);
      await tx.query('UPDATE users SET enterprise_id = $2, roles = $3, version = version + 1 WHERE id = $1', [
        p.id,
        inv!.enterprise_id,
        roles,
      ]);
      await recordAccountChange(
        tx,
        p,
        {
          action: 'member_bind',
          subjectId: p.id,
          before,
          after: { ...before, roles, enterpriseId: inv!.enterprise_id },
          invitationId: inv!.id,
          enterpriseId: inv!.enterprise_id,
          note: `邀请：${inv!.note}`,
        },
        now,
      );
    } else {
      const grant = { stationIds: inv!.station_ids, institutionId: inv!.institution_id, expertId: inv!.expert_id };
      await checkGrantTargets(tx, grant);
      if (inv!.roles.includes('provider')) {
        const other =
          (before.institutionId && before.institutionId !== grant.institutionId) || (before.expertId && before.expertId !== grant.expertId);
        if (other) fail('rule_violation', '您的账号已关联其他服务机构或专家，请先由运营管理人员撤销原账号');
      }
      // A fresh WeChat account is an enterprise account with no enterprise yet: it becomes staff only.
      const kept = before.enterpriseId ? before.roles : before.roles.filter((r) => r !== 'enterprise');
      const roles = sortRoles([...kept, ...inv!.roles]);
      const merged = {
        stationIds: [...new Set([...before.stationIds, ...grant.stationIds])].sort(),
        institutionId: grant.institutionId ?? (inv!.roles.includes('provider') ? null : before.institutionId),
        expertId: grant.expertId ?? (inv!.roles.includes('provider') ? null : before.expertId),
      };
      await applyGrant(tx, p.id, roles, merged);
      await recordAccountChange(
        tx,
        p,
        {
          action: 'bind',
          subjectId: p.id,
          before,
          after: { roles, ...merged, enterpriseId: before.enterpriseId },
          invitationId: inv!.id,
          note: `邀请：${inv!.note}`,
        },
        now,
      );
    }
    await tx.query('UPDATE invitations SET used_at = $2, used_by = $3 WHERE id = $1', [inv!.id, now, p.id]);
  });
  return getMe(deps, (await loadPrincipal(deps.db, p.id))!);
}
