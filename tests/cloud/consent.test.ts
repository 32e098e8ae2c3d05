// Consent to the 隐私保护指引 and 用户协议, through the real app on a real
// database: recorded with its versions, channel and time; asked again when a
// document gets a new version or after a withdrawal; bad input refused; every
// agreement and withdrawal kept in the append-only record.
import { PRIVACY_DOCUMENTS } from '@qi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
let ent: string, ent2: string, spec: string, prov: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, enterprise2: ent2, specialist: spec, provider: prov } = await api.loginAll());
});
afterAll(() => api?.close());

const PATH = '/api/privacy/consent';
const current = { privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version };
const read = (token: string) => api.request('GET', PATH, { token });
const agree = (token: string, body: unknown) => api.request('POST', PATH, { token, body });

async function rowsOf(token: string) {
  const me = await api.request('GET', '/api/me', { token });
  const { rows } = await api.deps.db.query<{ action: string; privacy_version: string | null; channel: string }>(
    'SELECT action, privacy_version, channel FROM user_consents WHERE user_id = $1 ORDER BY at, id',
    [me.body.user.id],
  );
  return { userId: me.body.user.id as string, rows };
}

describe('consent to the privacy documents', () => {
  it('asks a user who never agreed, naming the documents in force', async () => {
    const res = await read(ent);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      documents: { privacy: { ...PRIVACY_DOCUMENTS.privacy }, terms: { ...PRIVACY_DOCUMENTS.terms } },
      agreed: null,
      needed: true,
    });
    expect((await api.request('GET', PATH)).status).toBe(401);
  });

  it('records the versions, the channel and the time, and asks no more', async () => {
    const at = new Date('2026-12-01T02:30:00.000Z');
    api.setNow(at);
    const res = await agree(spec, { ...current, channel: 'weapp' });
    api.setNow(null);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.agreed).toEqual({ ...current, channel: 'weapp', at: at.toISOString() });
    expect(res.body.needed).toBe(false);
    expect((await read(spec)).body).toEqual(res.body);
    // Someone else's consent is theirs alone.
    expect((await read(prov)).body.needed).toBe(true);
  });

  it('records an agreement repeated (a retry, a second device) once', async () => {
    await agree(ent2, { ...current, channel: 'h5' });
    const again = await agree(ent2, { ...current, channel: 'weapp' });
    expect(again.status).toBe(200);
    expect(again.body.agreed.channel).toBe('h5');
    expect((await rowsOf(ent2)).rows).toEqual([{ action: 'agree', privacy_version: current.privacyVersion, channel: 'h5' }]);
  });

  it('asks again once a document has a new version, and then records the new one', async () => {
    // The user agreed to an earlier version of the 隐私保护指引 (as a version bump leaves it).
    const { userId } = await rowsOf(prov);
    await api.deps.db.query(
      `INSERT INTO user_consents (user_id, action, privacy_version, terms_version, channel, at) VALUES ($1, 'agree', '2025-06-01', $2, 'weapp', $3)`,
      [userId, current.termsVersion, new Date('2025-06-01T00:00:00Z')],
    );
    const res = await read(prov);
    expect(res.body.needed).toBe(true);
    expect(res.body.agreed).toEqual(expect.objectContaining({ privacyVersion: '2025-06-01' }));
    expect((await agree(prov, { ...current, channel: 'weapp' })).body.needed).toBe(false);
    expect((await rowsOf(prov)).rows.map((r) => r.privacy_version)).toEqual(['2025-06-01', current.privacyVersion]);
  });

  it('refuses agreeing to a version not in force with 409, recording nothing', async () => {
    const res = await agree(ent, { ...current, privacyVersion: '2025-06-01', channel: 'h5' });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'version_conflict', message: '隐私保护指引或用户协议已更新，请阅读新版本后再同意' });
    expect((await rowsOf(ent)).rows).toEqual([]);
  });

  it('answers bad input with 400 and a Chinese message', async () => {
    const cases: unknown[] = [
      {},
      { ...current },
      { ...current, channel: 'email' },
      { ...current, privacyVersion: 'latest', channel: 'h5' },
      { ...current, privacyVersion: 20261201, channel: 'h5' },
      { ...current, channel: 'h5', agreed: true },
      [],
      null,
    ];
    for (const body of cases) {
      const res = await agree(ent, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const bad = await agree(ent, { ...current, channel: 'email' });
    expect(bad.body.error.issues).toContainEqual({ path: 'channel', message: '同意渠道须为 weapp 或 h5' });
    expect((await rowsOf(ent)).rows).toEqual([]);
  });

  it('withdraws: asked again, the withdrawal kept beside the agreement, which no one can rewrite', async () => {
    await agree(ent, { ...current, channel: 'h5' });
    const res = await api.request('DELETE', PATH, { token: ent });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ agreed: null, needed: true }));
    // Withdrawing again records nothing more.
    await api.request('DELETE', PATH, { token: ent });
    const { userId, rows } = await rowsOf(ent);
    expect(rows.map((r) => r.action)).toEqual(['agree', 'withdraw']);
    await expect(api.deps.db.query('UPDATE user_consents SET channel = $2 WHERE user_id = $1', [userId, 'api'])).rejects.toThrow(
      /append-only/,
    );
    await expect(api.deps.db.query('DELETE FROM user_consents WHERE user_id = $1', [userId])).rejects.toThrow(/append-only/);
  });
});
