// Accounts: sign-in (WeChat or demo persona) and the caller's profile.
import { randomUUID } from 'node:crypto';
import type { DevLoginInput, Enterprise, EnterpriseProfileInput, Me, User } from '@qi/shared';
import { loadPrincipal, type Principal } from '../auth/principal';
import { camelize } from '../db/sql';
import { issueToken } from '../auth/session';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { openName } from '../pii';
import { code2Session, WechatError } from '../wechat';
import { EXPERT_COLUMNS, expertView, institutionView, type ExpertRow, type InstitutionRow } from './directory';

interface EnterpriseRow {
  id: string;
  name: string;
  credit_code: string | null;
  region: string;
  address: string;
  industry: string;
  scale: Enterprise['scale'];
}

/** An EnterpriseRow's columns, in the contract's order: the profile is their camelCase renaming. */
const ENTERPRISE_COLUMNS = 'id, name, credit_code, region, address, industry, scale';

interface UserRow {
  id: string;
  name_enc: string | null;
  roles: User['roles'];
}

async function session(deps: Deps, user: UserRow): Promise<{ token: string; user: User }> {
  await deps.db.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [user.id, deps.now()]);
  const token = await issueToken(user.id, deps.config.sessionSecret, deps.config.sessionTtlSeconds, deps.now());
  return { token, user: { id: user.id, name: openName(deps.pii, user.name_enc), roles: user.roles } };
}

export async function devLogin(deps: Deps, input: DevLoginInput) {
  if (input.newAccount) return session(deps, await newAccount(deps, `demo-new:${randomUUID()}`));
  const { rows } = await deps.db.query<UserRow>('SELECT id, name_enc, roles FROM users WHERE persona = $1', [input.persona!]);
  if (!rows[0]) fail('not_found', '演示账号尚未初始化，请重新运行 npm start');
  return session(deps, rows[0]!);
}

/** The account a first sign-in makes (or finds, for an openid seen before): an enterprise user with no enterprise yet. */
async function newAccount(deps: Deps, openid: string): Promise<UserRow> {
  const { rows } = await deps.db.query<UserRow>(
    `INSERT INTO users (openid, name_enc, roles) VALUES ($1, $2, '{enterprise}')
     ON CONFLICT (openid) DO UPDATE SET openid = EXCLUDED.openid
     RETURNING id, name_enc, roles`,
    [openid, deps.pii.encrypt('微信用户')],
  );
  return rows[0]!;
}

/** Exchanges a wx.login code for a session; a first sign-in creates an enterprise account. */
export async function wechatLogin(deps: Deps, code: string) {
  const wx = deps.config.wechat;
  if (!wx) fail('upstream_unavailable', '服务器未配置微信登录（WECHAT_APP_ID / WECHAT_APP_SECRET）');
  let openid: string;
  try {
    ({ openid } = await code2Session(wx!, code));
  } catch (e) {
    if (e instanceof WechatError && e.errcode !== -1) fail('wechat_login_failed');
    throw e instanceof WechatError ? fail('upstream_unavailable', '暂时无法连接微信服务器，请稍后重试') : e;
  }
  return session(deps, await newAccount(deps, openid));
}

export async function getMe(deps: Deps, p: Principal): Promise<Me> {
  const [ent, inst, exp, stations] = await Promise.all([
    p.enterpriseId ? deps.db.query<EnterpriseRow>(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE id = $1`, [p.enterpriseId]) : null,
    p.institutionId ? deps.db.query<InstitutionRow>('SELECT * FROM institutions WHERE id = $1', [p.institutionId]) : null,
    p.expertId ? deps.db.query<ExpertRow>(`SELECT ${EXPERT_COLUMNS} FROM experts WHERE id = $1`, [p.expertId]) : null,
    deps.db.query<{ id: string; name: string; kind: 'center' | 'branch' | 'post' }>(
      'SELECT s.id, s.name, s.kind FROM staff_stations ss JOIN stations s ON s.id = ss.station_id WHERE ss.user_id = $1 ORDER BY s.code',
      [p.id],
    ),
  ]);
  const e = ent?.rows[0];
  return {
    user: { id: p.id, name: openName(deps.pii, p.nameEnc), roles: p.roles },
    roles: p.roles,
    enterprise: e ? camelize(e) : null,
    institution: inst?.rows[0] ? institutionView(inst.rows[0]) : null,
    expert: exp?.rows[0] ? expertView(exp.rows[0]) : null,
    stations: stations.rows,
  };
}

/**
 * Binds the caller to its enterprise by 统一社会信用代码. A code no one has
 * registered creates the enterprise; one recorded at a window (no account
 * yet) is claimed; one that already has an account is refused, since binding
 * would open that enterprise's needs to the caller.
 */
export async function saveEnterpriseProfile(deps: Deps, p: Principal, input: EnterpriseProfileInput): Promise<Me> {
  if (!p.roles.includes('enterprise')) fail('forbidden', '只有企业用户可以填写企业信息');
  await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; taken: boolean }>(
      `SELECT e.id, EXISTS (SELECT 1 FROM users u WHERE u.enterprise_id = e.id AND u.id <> $2) AS taken
         FROM enterprises e WHERE e.credit_code = $1 FOR UPDATE`,
      [input.creditCode, p.id],
    );
    const known = rows[0];
    // Its own members (colleagues invited by its first member) may keep it up to date.
    if (known?.taken && known.id !== p.enterpriseId)
      fail('duplicate', '该统一社会信用代码已被其他账号绑定，请联系该企业的已绑定账号或服务专员');
    if (p.enterpriseId && known && known.id !== p.enterpriseId) {
      fail('rule_violation', '您的账号已绑定其他企业，不能更换为该企业');
    }
    const id = known?.id ?? p.enterpriseId;
    const fields = [input.name, input.creditCode, input.region ?? '', input.address ?? '', input.industry ?? '', input.scale ?? null];
    const saved = id
      ? await tx.query<{ id: string }>(
          `UPDATE enterprises SET name = $2, credit_code = $3, region = $4, address = $5, industry = $6, scale = $7
            WHERE id = $1 RETURNING id`,
          [id, ...fields],
        )
      : await tx.query<{ id: string }>(
          `INSERT INTO enterprises (name, credit_code, region, address, industry, scale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          fields,
        );
    await tx.query('UPDATE users SET enterprise_id = $2, name_enc = coalesce($3, name_enc) WHERE id = $1', [
      p.id,
      saved.rows[0]!.id,
      input.contactName ? deps.pii.encrypt(input.contactName) : null,
    ]);
  });
  return getMe(deps, (await loadPrincipal(deps.db, p.id))!);
}
