// What the staff and member use cases share: binding codes (only their hash
// is kept), an account's grant as the audit records it, the invitation and
// staff-account views, and the audit row written with every change.
import { createHash, randomInt } from 'node:crypto';
import {
  BIND_CODE_ALPHABET,
  BIND_CODE_LENGTH,
  bindPageUrl,
  formatBindCode,
  GRANTABLE_ROLES,
  type AccountChangeAction,
  type GrantView,
  type Invitation,
  type InvitationKind,
  type IssuedInvitation,
  type Role,
  type StaffAccount,
} from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** A new code from the CSPRNG: 10 of 32 characters. */
export function newBindCode(): string {
  let code = '';
  for (let i = 0; i < BIND_CODE_LENGTH; i++) code += BIND_CODE_ALPHABET[randomInt(BIND_CODE_ALPHABET.length)];
  return code;
}

/** Roles that are not staff roles (an enterprise's) are kept through every staff change. */
export const staffRolesOf = (roles: readonly Role[]): Role[] => roles.filter((r) => GRANTABLE_ROLES.includes(r));
export const otherRolesOf = (roles: readonly Role[]): Role[] => roles.filter((r) => !GRANTABLE_ROLES.includes(r));

interface GrantRow {
  roles: Role[];
  station_ids: string[];
  institution_id: string | null;
  expert_id: string | null;
  enterprise_id: string | null;
  version: number;
  name_enc: string | null;
  persona: string | null;
}

/** An account's grant now (roles, stations, institution, expert, enterprise), locked for the change. */
export async function lockGrant(
  tx: Queryable,
  userId: string,
): Promise<(GrantView & { version: number; nameEnc: string | null; persona: string | null }) | null> {
  const { rows } = await tx.query<GrantRow>(
    `SELECT u.roles, u.institution_id, u.expert_id, u.enterprise_id, u.version, u.name_enc, u.persona,
            coalesce((SELECT array_agg(ss.station_id ORDER BY ss.station_id) FROM staff_stations ss WHERE ss.user_id = u.id), '{}') AS station_ids
       FROM users u WHERE u.id = $1 FOR UPDATE`,
    [userId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    roles: r.roles,
    stationIds: r.station_ids,
    institutionId: r.institution_id,
    expertId: r.expert_id,
    enterpriseId: r.enterprise_id,
    version: r.version,
    nameEnc: r.name_enc,
    persona: r.persona,
  };
}

export const grantView = (g: GrantView): GrantView => ({
  roles: g.roles,
  stationIds: g.stationIds,
  institutionId: g.institutionId,
  expertId: g.expertId,
  enterpriseId: g.enterpriseId,
});

export interface ChangeRecord {
  action: AccountChangeAction;
  subjectId: string | null;
  before?: GrantView | null;
  after?: GrantView | null;
  note?: string | null;
  invitationId?: string | null;
  enterpriseId?: string | null;
}

/** One audit row, in the transaction of the change it records. */
/** `actor` null: the command line (a deployment's first manager). */
export async function recordAccountChange(tx: Queryable, actor: Principal | null, c: ChangeRecord, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO account_changes (at, actor_id, actor_name_enc, subject_id, action, before, after, note, invitation_id, enterprise_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`,
    [
      at,
      actor?.id ?? null,
      actor?.nameEnc || null,
      c.subjectId,
      c.action,
      c.before ? JSON.stringify(grantView(c.before)) : null,
      c.after ? JSON.stringify(grantView(c.after)) : null,
      c.note ?? null,
      c.invitationId ?? null,
      c.enterpriseId ?? null,
    ],
  );
}

/** Checks that the stations, institution and expert a grant names exist (422 otherwise) and are not exited. */
export async function checkGrantTargets(
  tx: Queryable,
  g: { stationIds: string[]; institutionId: string | null; expertId: string | null },
): Promise<void> {
  if (g.stationIds.length) {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stations WHERE id = ANY($1::uuid[])', [g.stationIds]);
    if (rows[0]!.n !== g.stationIds.length) fail('rule_violation', '所选站点不存在，请刷新后重新选择');
  }
  for (const [table, id, label] of [
    ['institutions', g.institutionId, '服务机构'],
    ['experts', g.expertId, '专家'],
  ] as const) {
    if (!id) continue;
    const { rows } = await tx.query<{ status: string }>(`SELECT status FROM ${table} WHERE id = $1`, [id]);
    if (!rows[0]) fail('rule_violation', `所选${label}不存在，请刷新后重新选择`);
    if (rows[0]!.status === 'exited') fail('rule_violation', `该${label}已退出名录，不能为其开通账号`);
  }
}

// ---- invitations ----------------------------------------------------------------------

export interface InvitationRow {
  id: string;
  kind: InvitationKind;
  roles: Role[];
  station_ids: string[];
  institution_id: string | null;
  expert_id: string | null;
  enterprise_id: string | null;
  note: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by: string | null;
  withdrawn_at: Date | null;
}

interface InvitationViewRow extends InvitationRow {
  stations: { id: string; name: string }[] | null;
  institution_name: string | null;
  expert_name: string | null;
  enterprise_name: string | null;
  creator_name_enc: string | null;
  user_name_enc: string | null;
}

const INVITATION_SELECT = `
  SELECT i.id, i.kind, i.roles, i.station_ids, i.institution_id, i.expert_id, i.enterprise_id, i.note, i.created_by,
         i.created_at, i.expires_at, i.used_at, i.used_by, i.withdrawn_at,
         (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.code) FROM stations s WHERE s.id = ANY(i.station_ids)) AS stations,
         (SELECT name FROM institutions WHERE id = i.institution_id) AS institution_name,
         (SELECT name FROM experts WHERE id = i.expert_id) AS expert_name,
         (SELECT name FROM enterprises WHERE id = i.enterprise_id) AS enterprise_name,
         (SELECT name_enc FROM users WHERE id = i.created_by) AS creator_name_enc,
         (SELECT name_enc FROM users WHERE id = i.used_by) AS user_name_enc
    FROM invitations i`;

export function invitationState(r: InvitationRow, now: Date): Invitation['state'] {
  if (r.used_at) return 'used';
  if (r.withdrawn_at) return 'withdrawn';
  return r.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** Invitations matching `where` (over `invitations i`), newest first, as the contract shows them. */
export async function loadInvitations(deps: Deps, tx: Queryable, where: string, params: unknown[]): Promise<Invitation[]> {
  const { rows } = await tx.query<InvitationViewRow>(
    `${INVITATION_SELECT} WHERE ${where} ORDER BY i.created_at DESC, i.id DESC LIMIT 200`,
    params,
  );
  const now = deps.now();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: invitationState(r, now),
    roles: r.roles,
    stations: r.stations ?? [],
    institution: r.institution_id ? { id: r.institution_id, name: r.institution_name ?? '' } : null,
    expert: r.expert_id ? { id: r.expert_id, name: r.expert_name ?? '' } : null,
    enterprise: r.enterprise_id ? { id: r.enterprise_id, name: r.enterprise_name ?? '' } : null,
    note: r.note,
    createdBy: r.created_by ? { id: r.created_by, name: openName(deps.pii, r.creator_name_enc) } : null,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    usedAt: r.used_at?.toISOString() ?? null,
    usedBy: r.used_by ? { id: r.used_by, name: openName(deps.pii, r.user_name_enc) } : null,
    withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
  }));
}

export interface NewInvitation {
  kind: InvitationKind;
  roles: Role[];
  stationIds: string[];
  institutionId: string | null;
  expertId: string | null;
  enterpriseId: string | null;
  note: string;
  validDays: number;
}

/**
 * Stores an invitation under a fresh code's hash, with its audit row, and
 * hands the code back this once with the address and QR that carry it.
 */
export async function issueInvitation(
  deps: Deps,
  tx: Queryable,
  p: Principal | null,
  inv: NewInvitation,
  origin: string,
): Promise<IssuedInvitation> {
  const now = deps.now();
  const code = newBindCode();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO invitations (code_hash, kind, roles, station_ids, institution_id, expert_id, enterprise_id, note, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7, $8, $9, $10, $10::timestamptz + make_interval(days => $11))
     RETURNING id`,
    [
      hashCode(code),
      inv.kind,
      inv.roles,
      inv.stationIds,
      inv.institutionId,
      inv.expertId,
      inv.enterpriseId,
      inv.note,
      p?.id ?? null,
      now,
      inv.validDays,
    ],
  );
  const id = rows[0]!.id;
  await recordAccountChange(
    tx,
    p,
    {
      action: inv.kind === 'staff' ? 'invite' : 'member_invite',
      subjectId: null,
      after: {
        roles: inv.roles,
        stationIds: inv.stationIds,
        institutionId: inv.institutionId,
        expertId: inv.expertId,
        enterpriseId: inv.enterpriseId,
      },
      note: inv.note,
      invitationId: id,
      enterpriseId: inv.enterpriseId,
    },
    now,
  );
  const bindUrl = bindPageUrl(deps.config.publicBaseUrl ?? origin, formatBindCode(code));
  const [invitation] = await loadInvitations(deps, tx, 'i.id = $1', [id]);
  // QR drawing loads at its first use, not at a serverless cold start.
  const { qrSvg } = await import('../../qr/render');
  return { invitation: invitation!, code: formatBindCode(code), bindUrl, qrSvg: qrSvg(bindUrl) };
}

/** Withdraws a pending invitation that `scope` (over `invitations i`, $2…) lets the caller reach; 404 otherwise. */
export async function withdrawInvitation(
  deps: Deps,
  p: Principal,
  id: string,
  kind: InvitationKind,
  scope: { where: string; params: unknown[] },
): Promise<Invitation> {
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const { rows } = await tx.query<InvitationRow>(
      `SELECT i.* FROM invitations i WHERE i.id = $1 AND i.kind = '${kind === 'staff' ? 'staff' : 'member'}' AND ${scope.where} FOR UPDATE`,
      [id, ...scope.params],
    );
    const r = rows[0];
    if (!r) fail('not_found', '没有找到该邀请');
    const state = invitationState(r!, now);
    if (state === 'used') fail('invitation_used', '该邀请已被使用，不能撤回；如需取消其权限，请在账号列表中撤销');
    if (state === 'withdrawn') fail('invitation_withdrawn', '该邀请已撤回');
    await tx.query('UPDATE invitations SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1', [id, now, p.id]);
    await recordAccountChange(
      tx,
      p,
      {
        action: kind === 'staff' ? 'withdraw' : 'member_withdraw',
        subjectId: null,
        invitationId: id,
        enterpriseId: r!.enterprise_id,
        note: r!.note,
      },
      now,
    );
    return (await loadInvitations(deps, tx, 'i.id = $1', [id]))[0]!;
  });
}

// ---- staff accounts ---------------------------------------------------------------------

interface StaffRow {
  id: string;
  name_enc: string | null;
  roles: Role[];
  persona: string | null;
  version: number;
  created_at: Date;
  last_login_at: Date | null;
  institution_id: string | null;
  institution_name: string | null;
  expert_id: string | null;
  expert_name: string | null;
  stations: { id: string; name: string }[] | null;
}

/** Accounts matching `where` (over `users u`) with their stations, institution and expert. */
export async function loadStaff(deps: Deps, tx: Queryable, where: string, params: unknown[]): Promise<StaffAccount[]> {
  const { rows } = await tx.query<StaffRow>(
    `SELECT u.id, u.name_enc, u.roles, u.persona, u.version, u.created_at, u.last_login_at,
            u.institution_id, i.name AS institution_name, u.expert_id, x.name AS expert_name,
            (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.code)
               FROM staff_stations ss JOIN stations s ON s.id = ss.station_id WHERE ss.user_id = u.id) AS stations
       FROM users u LEFT JOIN institutions i ON i.id = u.institution_id LEFT JOIN experts x ON x.id = u.expert_id
      WHERE ${where}
      ORDER BY u.created_at, u.id
      LIMIT 500`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    name: openName(deps.pii, r.name_enc),
    roles: r.roles,
    stations: r.stations ?? [],
    institution: r.institution_id ? { id: r.institution_id, name: r.institution_name ?? '' } : null,
    expert: r.expert_id ? { id: r.expert_id, name: r.expert_name ?? '' } : null,
    persona: r.persona,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    lastLoginAt: r.last_login_at?.toISOString() ?? null,
  }));
}

/** Writes a grant onto an account: staff roles replaced, other roles kept, stations replaced, version bumped. */
export async function applyGrant(
  tx: Queryable,
  userId: string,
  roles: Role[],
  g: { stationIds: string[]; institutionId: string | null; expertId: string | null },
): Promise<void> {
  await tx.query('UPDATE users SET roles = $2, institution_id = $3, expert_id = $4, version = version + 1 WHERE id = $1', [
    userId,
    roles,
    g.institutionId,
    g.expertId,
  ]);
  await tx.query('DELETE FROM staff_stations WHERE user_id = $1 AND NOT (station_id = ANY($2::uuid[]))', [userId, g.stationIds]);
  if (g.stationIds.length) {
    await tx.query(
      `INSERT INTO staff_stations (user_id, station_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT (user_id, station_id) DO NOTHING`,
      [userId, g.stationIds],
    );
  }
}
