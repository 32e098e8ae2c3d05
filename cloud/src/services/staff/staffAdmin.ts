// Managers keep the staff accounts: invite (a one-time code), list the
// invitations, withdraw one, list the accounts, change an account's roles and
// stations at its version, revoke it, and read the audit of all of it.
import {
  GRANTABLE_ROLES,
  ROLES,
  type AccountChange,
  type CreateStaffInvitationInput,
  type GrantView,
  type Invitation,
  type IssuedInvitation,
  type RevokeStaffInput,
  type Role,
  type StaffAccount,
  type UpdateStaffInput,
} from '@qi/shared';
import { requireAdmin } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import {
  applyGrant,
  checkGrantTargets,
  issueInvitation,
  loadInvitations,
  loadStaff,
  lockGrant,
  otherRolesOf,
  recordAccountChange,
  staffRolesOf,
  withdrawInvitation,
} from './records';

const ONLY_MANAGERS = '只有运营管理人员可以管理员工账号';
/** Roles in the order the shared enum lists them, once each. */
export const sortRoles = (roles: readonly Role[]): Role[] => ROLES.filter((r) => roles.includes(r));
const STAFF_SQL = `u.roles && ARRAY[${GRANTABLE_ROLES.map((r) => `'${r}'`).join(', ')}]::text[]`;

export async function createStaffInvitation(
  deps: Deps,
  p: Principal,
  input: CreateStaffInvitationInput,
  origin: string,
): Promise<IssuedInvitation> {
  requireAdmin(p, ONLY_MANAGERS);
  return deps.db.transaction(async (tx) => {
    await checkGrantTargets(tx, input);
    return issueInvitation(
      deps,
      tx,
      p,
      {
        kind: 'staff',
        roles: sortRoles(input.roles),
        stationIds: input.stationIds,
        institutionId: input.institutionId,
        expertId: input.expertId,
        enterpriseId: null,
        note: input.note,
        validDays: input.validDays,
      },
      origin,
    );
  });
}

export async function listStaffInvitations(deps: Deps, p: Principal): Promise<Invitation[]> {
  requireAdmin(p, ONLY_MANAGERS);
  return loadInvitations(deps, deps.db, "i.kind = 'staff'", []);
}

export async function withdrawStaffInvitation(deps: Deps, p: Principal, id: string): Promise<Invitation> {
  requireAdmin(p, ONLY_MANAGERS);
  return withdrawInvitation(deps, p, id, 'staff', { where: 'true', params: [] });
}

export async function listStaff(deps: Deps, p: Principal, q: { role?: Role }): Promise<StaffAccount[]> {
  requireAdmin(p, ONLY_MANAGERS);
  const params = new Params();
  const where = [STAFF_SQL];
  if (q.role) where.push(`${params.add(q.role)} = ANY(u.roles)`);
  return loadStaff(deps, deps.db, where.join(' AND '), params.values);
}

/** The account, locked, when it holds a staff role; 404 otherwise; 409 when `version` is stale. */
async function lockStaff(tx: Parameters<typeof lockGrant>[0], id: string, version: number) {
  const g = await lockGrant(tx, id);
  if (!g || !staffRolesOf(g.roles).length) fail('not_found', '没有找到该员工账号（可能已被撤销）');
  if (g!.version !== version) fail('version_conflict', '该账号已被他人修改，请刷新后再操作');
  return g!;
}

export async function updateStaff(deps: Deps, p: Principal, id: string, input: UpdateStaffInput): Promise<StaffAccount> {
  requireAdmin(p, ONLY_MANAGERS);
  return deps.db.transaction(async (tx) => {
    const before = await lockStaff(tx, id, input.version);
    if (id === p.id && !input.roles.includes('manager')) fail('rule_violation', '不能取消自己的运营管理角色，请由其他运营管理人员操作');
    await checkGrantTargets(tx, input);
    const roles = sortRoles([...otherRolesOf(before.roles), ...input.roles]);
    await applyGrant(tx, id, roles, input);
    const after: GrantView = {
      roles,
      stationIds: [...input.stationIds].sort(),
      institutionId: input.institutionId,
      expertId: input.expertId,
      enterpriseId: before.enterpriseId,
    };
    await recordAccountChange(tx, p, { action: 'change', subjectId: id, before, after }, deps.now());
    return (await loadStaff(deps, tx, 'u.id = $1', [id]))[0]!;
  });
}

/**
 * Takes every staff role, station, institution and expert from an account at
 * once: its next request is answered as an ordinary WeChat user's (the
 * session resolves the roles from the database on every request).
 */
export async function revokeStaff(deps: Deps, p: Principal, id: string, input: RevokeStaffInput): Promise<StaffAccount> {
  requireAdmin(p, ONLY_MANAGERS);
  return deps.db.transaction(async (tx) => {
    const before = await lockStaff(tx, id, input.version);
    if (id === p.id) fail('rule_violation', '不能撤销自己的账号，请由其他运营管理人员操作');
    const others = otherRolesOf(before.roles);
    const roles: Role[] = others.length ? others : ['enterprise'];
    const cleared = { stationIds: [], institutionId: null, expertId: null };
    await applyGrant(tx, id, roles, cleared);
    await recordAccountChange(
      tx,
      p,
      { action: 'revoke', subjectId: id, before, after: { roles, ...cleared, enterpriseId: before.enterpriseId }, note: input.reason },
      deps.now(),
    );
    return (await loadStaff(deps, tx, 'u.id = $1', [id]))[0]!;
  });
}

interface ChangeRow {
  id: string;
  at: Date;
  action: AccountChange['action'];
  actor_id: string | null;
  actor_name_enc: string | null;
  subject_id: string | null;
  subject_name_enc: string | null;
  before: GrantView | null;
  after: GrantView | null;
  note: string | null;
  invitation_id: string | null;
}

/** The audit of staff and member accounts, newest first (one account's when `userId` is given). */
export async function listAccountChanges(deps: Deps, p: Principal, q: { userId?: string }): Promise<AccountChange[]> {
  requireAdmin(p, '只有运营管理人员可以查看账号变更记录');
  const params = new Params();
  const where = q.userId ? `WHERE c.subject_id = ${params.add(q.userId)}` : '';
  const { rows } = await deps.db.query<ChangeRow>(
    `SELECT c.id, c.at, c.action, c.actor_id, c.actor_name_enc, c.subject_id, s.name_enc AS subject_name_enc,
            c.before, c.after, c.note, c.invitation_id
       FROM account_changes c LEFT JOIN users s ON s.id = c.subject_id
       ${where}
      ORDER BY c.at DESC, c.id DESC
      LIMIT 200`,
    params.values,
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor_id ? { id: r.actor_id, name: openName(deps.pii, r.actor_name_enc) } : null,
    subject: r.subject_id ? { id: r.subject_id, name: openName(deps.pii, r.subject_name_enc) } : null,
    before: r.before,
    after: r.after,
    note: r.note,
    invitationId: r.invitation_id,
  }));
}

/**
 * A manager's invitation issued without a signed-in manager, for a
 * deployment that has none yet (the command line: npm run invite-manager).
 * `baseUrl`: the H5 app's address the QR leads to.
 */
export async function inviteFirstManager(deps: Deps, note: string, validDays: number, baseUrl: string): Promise<IssuedInvitation> {
  return deps.db.transaction((tx) =>
    issueInvitation(
      deps,
      tx,
      null,
      { kind: 'staff', roles: ['manager'], stationIds: [], institutionId: null, expertId: null, enterpriseId: null, note, validDays },
      baseUrl,
    ),
  );
}
