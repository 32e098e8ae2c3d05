// Staff accounts and enterprise members: invitations with a one-time binding
// code, every refusal (roles, bad, forged, expired, used and withdrawn
// codes), binding from a fresh WeChat sign-in, changes at a version,
// revocation taking effect on the next request, the audit rows, and an
// enterprise's colleagues seeing its needs, complaints and notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, newKey, type TestApi } from '../support/api';
import { APP_ID, APP_SECRET, WechatStandIn } from '../support/wechat-stand-in';
import { inviteFirstManager } from '../../cloud/src/services/staff/staffAdmin';
import { createNeed, mustAct, providerInstitutionId } from '../support/workbench';

const wx = new WechatStandIn();
let api: TestApi;
let mgr: string;
let ent: string;
let inst: string;
let centerId: string;
let wxSeq = 0;

/** A fresh WeChat sign-in: a new account, as anyone opening the mini-program. */
async function freshLogin(): Promise<{ id: string; token: string }> {
  const code = `staff-wx-${++wxSeq}`;
  wx.sessions.set(code, { openid: `o-staff-${wxSeq}`, session_key: 'sk' });
  const r = await api.request('POST', '/api/auth/wechat', { body: { code } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { id: r.body.user.id, token: r.body.token };
}

const invite = (token: string, body: Record<string, unknown>) => api.request('POST', '/api/manage/invitations', { token, body });
async function mustInvite(body: Record<string, unknown>) {
  const r = await invite(mgr, { note: '王工 · 计量测试研究中心', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { invitation: { id: string; state: string }; code: string; bindUrl: string; qrSvg: string };
}
const bind = (token: string, code: string) => api.request('POST', '/api/invitations/bind', { token, body: { code } });
const providerInvite = () => ({ roles: ['provider'], institutionId: inst });

beforeAll(async () => {
  await wx.start();
  api = await createTestApi({ WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wx.baseUrl });
  mgr = await api.login('manager');
  ent = await api.login('enterprise');
  inst = await providerInstitutionId(api);
  const { rows } = await api.deps.db.query<{ id: string }>(`SELECT id FROM stations WHERE kind = 'center' LIMIT 1`);
  centerId = rows[0]!.id;
});
afterAll(async () => {
  await api?.close();
  await wx.stop();
});

describe('inviting staff', () => {
  it('gives a manager a one-time code of 10 characters, its bind address and its QR, and keeps only the hash', async () => {
    const r = await mustInvite(providerInvite());
    expect(r.code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(r.bindUrl).toContain(`#/packageAccount/pages/bind/index?code=${r.code}`);
    expect(r.qrSvg).toMatch(/^<svg[^>]+>/);
    expect(r.invitation.state).toBe('pending');
    const { rows } = await api.deps.db.query<{ code_hash: string }>('SELECT code_hash FROM invitations WHERE id = $1', [r.invitation.id]);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.code_hash).not.toContain(r.code.replace('-', ''));
  });

  it('refuses every caller but a manager with 403', async () => {
    for (const persona of ['enterprise', 'specialist', 'provider', 'supervisor'] as const) {
      const r = await invite(await api.login(persona), { note: '某人', ...providerInvite() });
      expect(r.status, persona).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });

  it('refuses a grant that breaks the rules with 400 and the field to fix', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ roles: ['specialist'] }, 'stationIds'],
      [{ roles: ['provider'] }, 'institutionId'],
      [{ roles: ['provider'], institutionId: inst, expertId: inst }, 'institutionId'],
      [{ roles: ['manager'], institutionId: inst }, 'institutionId'],
      [{ roles: ['enterprise'] }, 'roles.0'],
      [{ roles: [] }, 'roles'],
    ];
    for (const [body, path] of cases) {
      const r = await invite(mgr, { note: '某人', ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it('refuses a station or institution that does not exist with 422', async () => {
    const r = await invite(mgr, { note: '某人', roles: ['specialist'], stationIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('rule_violation');
  });
});

describe('binding a code', () => {
  it('turns a fresh WeChat account into the institution’s staff, who then sees its tasks', async () => {
    const { code } = await mustInvite(providerInvite());
    const person = await freshLogin();
    expect((await api.request('GET', '/api/tasks', { token: person.token })).status).toBe(403);
    const r = await bind(person.token, code.toLowerCase().replace('-', ' '));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.roles).toEqual(['provider']);
    expect(r.body.institution.id).toBe(inst);
    expect((await api.request('GET', '/api/tasks', { token: person.token })).status).toBe(200);
  });

  it('puts a specialist at the invited stations: the centre’s queue opens to them', async () => {
    const { code } = await mustInvite({ roles: ['specialist'], stationIds: [centerId] });
    const person = await freshLogin();
    const need = await createNeed(api, ent);
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: person.token })).status).toBe(404);
    const r = await bind(person.token, code);
    expect(r.body.roles).toEqual(['specialist']);
    expect(r.body.stations.map((s: { id: string }) => s.id)).toEqual([centerId]);
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: person.token })).status).toBe(200);
  });

  it('answers a code used once already with 422 invitation_used, for the same account and any other', async () => {
    const { code } = await mustInvite({ roles: ['supervisor'] });
    const a = await freshLogin();
    expect((await bind(a.token, code)).status).toBe(200);
    const again = await bind(a.token, code);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('invitation_used');
    const other = await bind((await freshLogin()).token, code);
    expect(other.body.error.code).toBe('invitation_used');
  });

  it('answers a withdrawn code with 422 invitation_withdrawn', async () => {
    const { code, invitation } = await mustInvite({ roles: ['supervisor'] });
    const w = await api.request('POST', `/api/manage/invitations/${invitation.id}/withdraw`, { token: mgr, body: {} });
    expect(w.status).toBe(200);
    expect(w.body.state).toBe('withdrawn');
    const r = await bind((await freshLogin()).token, code);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invitation_withdrawn');
    const twice = await api.request('POST', `/api/manage/invitations/${invitation.id}/withdraw`, { token: mgr, body: {} });
    expect(twice.body.error.code).toBe('invitation_withdrawn');
  });

  it('answers an expired code with 422 invitation_expired', async () => {
    const { code } = await mustInvite({ roles: ['supervisor'], validDays: 1 });
    const person = await freshLogin();
    api.setNow(new Date(Date.now() + 25 * 3600_000));
    try {
      const r = await bind(person.token, code);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('invitation_expired');
    } finally {
      api.setNow(null);
    }
  });

  it('answers a well-formed code nobody issued with 404 invitation_not_found, and a malformed one with 400', async () => {
    const person = await freshLogin();
    const forged = await bind(person.token, 'ABCDE-FGHJK');
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('invitation_not_found');
    for (const bad of ['12345', 'ABCDE-FGHJ0', '']) {
      const r = await bind(person.token, bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
  });

  it('needs a signed-in account (401)', async () => {
    const r = await api.request('POST', '/api/invitations/bind', { body: { code: 'ABCDE-FGHJK' } });
    expect(r.status).toBe(401);
  });

  it('cannot be withdrawn once used (422 invitation_used)', async () => {
    const { code, invitation } = await mustInvite({ roles: ['supervisor'] });
    await bind((await freshLogin()).token, code);
    const r = await api.request('POST', `/api/manage/invitations/${invitation.id}/withdraw`, { token: mgr, body: {} });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invitation_used');
  });
});

describe('a deployment’s first manager', () => {
  it('comes from a code issued on the command line, not from the seed: the account it binds manages staff', async () => {
    const issued = await inviteFirstManager(api.deps, '运营中心 陈主任', 3, 'https://qi.example.cn');
    expect(issued.bindUrl).toBe(`https://qi.example.cn/#/packageAccount/pages/bind/index?code=${issued.code}`);
    expect(issued.invitation.createdBy).toBeNull();
    const person = await freshLogin();
    expect((await api.request('GET', '/api/manage/staff', { token: person.token })).status).toBe(403);
    const r = await bind(person.token, issued.code);
    expect(r.body.roles).toEqual(['manager']);
    expect((await api.request('GET', '/api/manage/staff', { token: person.token })).status).toBe(200);
    const audit = await api.request('GET', '/api/manage/staff-audit', { token: mgr });
    const invite = audit.body.find(
      (c: { invitationId: string; action: string }) => c.invitationId === issued.invitation.id && c.action === 'invite',
    );
    expect(invite.actor).toBeNull();
  });
});

describe('changing and revoking staff', () => {
  async function staffMember() {
    const { code } = await mustInvite(providerInvite());
    const person = await freshLogin();
    await bind(person.token, code);
    const list = await api.request('GET', '/api/manage/staff', { token: mgr });
    return { ...person, account: list.body.find((a: { id: string }) => a.id === person.id) };
  }

  it('lists the staff accounts with roles, stations and institution for managers only', async () => {
    const { id } = await staffMember();
    const r = await api.request('GET', '/api/manage/staff', { token: mgr, headers: {} });
    const a = r.body.find((x: { id: string }) => x.id === id);
    expect(a.roles).toEqual(['provider']);
    expect(a.institution.id).toBe(inst);
    expect(r.body.some((x: { persona: string | null }) => x.persona === 'specialist')).toBe(true);
    expect((await api.request('GET', '/api/manage/staff', { token: await api.login('supervisor') })).status).toBe(403);
  });

  it('changes roles and stations at the version read, and refuses a stale version with 409', async () => {
    const { id, token, account } = await staffMember();
    const r = await api.request('PUT', `/api/manage/staff/${id}`, {
      token: mgr,
      body: { roles: ['specialist', 'supervisor'], stationIds: [centerId], version: account.version },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.roles).toEqual(['specialist', 'supervisor']);
    expect(r.body.institution).toBeNull();
    expect((await api.request('GET', '/api/me', { token })).body.roles).toEqual(['specialist', 'supervisor']);
    const stale = await api.request('PUT', `/api/manage/staff/${id}`, {
      token: mgr,
      body: { roles: ['supervisor'], version: account.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });

  it('takes access away on the very next request when revoked', async () => {
    const { id, token, account } = await staffMember();
    expect((await api.request('GET', '/api/tasks', { token })).status).toBe(200);
    const r = await api.request('POST', `/api/manage/staff/${id}/revoke`, {
      token: mgr,
      body: { version: account.version, reason: '已离职' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.roles).toEqual(['enterprise']);
    expect(r.body.institution).toBeNull();
    const after = await api.request('GET', '/api/tasks', { token });
    expect(after.status).toBe(403);
    expect((await api.request('GET', '/api/me', { token })).body.institution).toBeNull();
    const again = await api.request('POST', `/api/manage/staff/${id}/revoke`, {
      token: mgr,
      body: { version: account.version + 1, reason: '已离职' },
    });
    expect(again.status).toBe(404);
  });

  it('refuses a manager removing their own manager role or revoking themselves (422)', async () => {
    const list = await api.request('GET', '/api/manage/staff', { token: mgr });
    const me = list.body.find((a: { persona: string | null }) => a.persona === 'manager');
    const r = await api.request('PUT', `/api/manage/staff/${me.id}`, { token: mgr, body: { roles: ['supervisor'], version: me.version } });
    expect(r.status).toBe(422);
    const v = await api.request('POST', `/api/manage/staff/${me.id}/revoke`, {
      token: mgr,
      body: { version: me.version, reason: '测试撤销' },
    });
    expect(v.status).toBe(422);
  });

  it('refuses changes from anyone but a manager (403)', async () => {
    const { id, account } = await staffMember();
    const r = await api.request('PUT', `/api/manage/staff/${id}`, {
      token: await api.login('supervisor'),
      body: { roles: ['supervisor'], version: account.version },
    });
    expect(r.status).toBe(403);
  });

  it('audits invitation, binding, change and revocation: who, when, what, before and after', async () => {
    const { invitation, code } = await mustInvite(providerInvite());
    const person = await freshLogin();
    await bind(person.token, code);
    const acct = (await api.request('GET', '/api/manage/staff', { token: mgr })).body.find((a: { id: string }) => a.id === person.id);
    const changed = await api.request('PUT', `/api/manage/staff/${person.id}`, {
      token: mgr,
      body: { roles: ['supervisor'], version: acct.version },
    });
    await api.request('POST', `/api/manage/staff/${person.id}/revoke`, {
      token: mgr,
      body: { version: changed.body.version, reason: '岗位调整' },
    });
    const r = await api.request('GET', `/api/manage/staff-audit?userId=${person.id}`, { token: mgr });
    expect(r.status).toBe(200);
    expect(r.body.map((c: { action: string }) => c.action)).toEqual(['revoke', 'change', 'bind']);
    const [revoke, change, bound] = r.body;
    expect(revoke.actor.name).toBe('李慧敏');
    expect(revoke.note).toBe('岗位调整');
    expect(change.before.roles).toEqual(['provider']);
    expect(change.after.roles).toEqual(['supervisor']);
    expect(bound.invitationId).toBe(invitation.id);
    expect(bound.note).toBe('邀请：王工 · 计量测试研究中心');
    expect(bound.before.roles).toEqual(['enterprise']);
    expect(bound.after.institutionId).toBe(inst);
    const all = await api.request('GET', '/api/manage/staff-audit', { token: mgr });
    expect(all.body.some((c: { action: string; invitationId: string }) => c.action === 'invite' && c.invitationId === invitation.id)).toBe(
      true,
    );
    expect((await api.request('GET', '/api/manage/staff-audit', { token: await api.login('supervisor') })).status).toBe(403);
    await expect(api.deps.db.query('DELETE FROM account_changes')).rejects.toThrow(/append-only/);
  });
});

describe('enterprise members', () => {
  const memberInvite = (token: string) => api.request('POST', '/api/enterprise/invitations', { token, body: { note: '财务部 小周' } });

  it('lets colleagues invited by the first member see the enterprise’s needs, complaints and notifications', async () => {
    const need = await createNeed(api, ent);
    const inv = await memberInvite(ent);
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const colleague = await freshLogin();
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: colleague.token })).status).toBe(404);
    const r = await bind(colleague.token, inv.body.code);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.enterprise.name).toBe((await api.request('GET', '/api/me', { token: ent })).body.enterprise.name);
    const list = await api.request('GET', '/api/needs', { token: colleague.token });
    expect(list.body.items.map((n: { id: string }) => n.id)).toContain(need.id);
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: colleague.token })).status).toBe(200);
    // a complaint the first member made is the colleague's to read too
    const c = await api.request('POST', '/api/complaints', {
      token: ent,
      body: { needId: need.id, targetKind: 'need', content: '提交后一直没有人联系我们，请尽快处理。' },
      headers: { 'Idempotency-Key': newKey() },
    });
    expect(c.status).toBe(201);
    const theirs = await api.request('GET', '/api/complaints', { token: colleague.token });
    expect(theirs.body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);
    expect((await api.request('GET', `/api/complaints/${c.body.id}`, { token: colleague.token })).status).toBe(200);
    // a state change tells every member
    await mustAct(api, await api.login('specialist'), need.id, { action: 'accept', version: need.version });
    const notes = await api.request('GET', '/api/notifications', { token: colleague.token });
    expect(JSON.stringify(notes.body)).toContain(need.number);
    const members = await api.request('GET', '/api/enterprise/members', { token: colleague.token });
    expect(members.body.map((m: { id: string; admin: boolean }) => [m.id === colleague.id, m.admin])).toContainEqual([true, false]);
  });

  it('lets a colleague keep the enterprise’s profile up to date, while an outsider still cannot claim its credit code', async () => {
    const me = (await api.request('GET', '/api/me', { token: ent })).body;
    const inv = await memberInvite(ent);
    const colleague = await freshLogin();
    await bind(colleague.token, inv.body.code);
    const profile = { name: me.enterprise.name, creditCode: me.enterprise.creditCode, region: me.enterprise.region, contactName: '周晓敏' };
    const r = await api.request('PUT', '/api/me/enterprise', { token: colleague.token, body: profile });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.enterprise.id).toBe(me.enterprise.id);
    const outsider = await api.request('PUT', '/api/me/enterprise', { token: (await freshLogin()).token, body: profile });
    expect(outsider.status).toBe(409);
  });

  it('lets a colleague rate the enterprise’s need', async () => {
    const spec = await api.login('specialist');
    const need = await createNeed(api, ent);
    const done = await mustAct(api, spec, need.id, {
      action: 'answer',
      version: need.version,
      answer: '可按 GB/T 19001 建立体系，详见附件。',
    });
    const inv = await memberInvite(ent);
    const colleague = await freshLogin();
    await bind(colleague.token, inv.body.code);
    const r = await api.request('POST', `/api/needs/${done.id}/rating`, {
      token: colleague.token,
      body: { timeliness: 'satisfied', professionalism: 'satisfied', courtesy: 'satisfied', overall: 'satisfied', resolved: true },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('lets only the enterprise’s first member invite (403 for colleagues and staff; 422 before an enterprise is filled in)', async () => {
    const inv = await memberInvite(ent);
    const colleague = await freshLogin();
    await bind(colleague.token, inv.body.code);
    expect((await memberInvite(colleague.token)).status).toBe(403);
    expect((await memberInvite(await api.login('specialist'))).status).toBe(403);
    const fresh = await freshLogin();
    const r = await memberInvite(fresh.token);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('rule_violation');
  });

  it('refuses binding a member code for an account of another enterprise, or one already a member (422)', async () => {
    const inv = await memberInvite(ent);
    const r = await bind(await api.login('enterprise2'), inv.body.code);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('rule_violation');
    const own = await memberInvite(ent);
    expect((await bind(ent, own.body.code)).body.error.code).toBe('rule_violation');
  });

  it('removes a colleague: the needs close to them on the next request, and the removal is audited', async () => {
    const need = await createNeed(api, ent);
    const inv = await memberInvite(ent);
    const colleague = await freshLogin();
    await bind(colleague.token, inv.body.code);
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: colleague.token })).status).toBe(200);
    const notAdmin = await api.request('POST', `/api/enterprise/members/${colleague.id}/remove`, { token: colleague.token, body: {} });
    expect(notAdmin.status).toBe(403);
    const r = await api.request('POST', `/api/enterprise/members/${colleague.id}/remove`, { token: ent, body: { reason: '已离职' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.map((m: { id: string }) => m.id)).not.toContain(colleague.id);
    expect((await api.request('GET', `/api/needs/${need.id}`, { token: colleague.token })).status).toBe(404);
    const other = await api.request('POST', `/api/enterprise/members/${colleague.id}/remove`, { token: ent, body: {} });
    expect(other.status).toBe(404);
    const audit = await api.request('GET', `/api/manage/staff-audit?userId=${colleague.id}`, { token: mgr });
    expect(audit.body.map((c: { action: string }) => c.action)).toEqual(['member_remove', 'member_bind']);
  });

  it('refuses the admin removing themself (422) and lists and withdraws member invitations', async () => {
    const members = await api.request('GET', '/api/enterprise/members', { token: ent });
    const me = members.body.find((m: { isMe: boolean }) => m.isMe);
    expect(me.admin).toBe(true);
    expect((await api.request('POST', `/api/enterprise/members/${me.id}/remove`, { token: ent, body: {} })).status).toBe(422);
    const inv = await memberInvite(ent);
    const w = await api.request('POST', `/api/enterprise/invitations/${inv.body.invitation.id}/withdraw`, { token: ent, body: {} });
    expect(w.status).toBe(200);
    const list = await api.request('GET', '/api/enterprise/invitations', { token: ent });
    expect(list.body.find((i: { id: string }) => i.id === inv.body.invitation.id).state).toBe('withdrawn');
    const theirs = await api.request('POST', `/api/enterprise/invitations/${inv.body.invitation.id}/withdraw`, {
      token: await api.login('enterprise2'),
      body: {},
    });
    expect(theirs.status).toBe(404);
    expect((await bind((await freshLogin()).token, inv.body.code)).body.error.code).toBe('invitation_withdrawn');
  });
});
