// Helpers for the workbench tests: needs, actions, extra staff accounts.
import { expect } from 'vitest';
import { issueToken } from '../../cloud/src/auth/session';
import { needBody, newKey, type TestApi } from './api';

export async function createNeed(api: TestApi, token: string, over: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/api/needs', { token, body: needBody(over), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const needAct = (api: TestApi, token: string, id: string, body: Record<string, unknown>) =>
  api.request('POST', `/api/needs/${id}/actions`, { token, body });

export const taskAct = (api: TestApi, token: string, id: string, body: Record<string, unknown>) =>
  api.request('POST', `/api/tasks/${id}/actions`, { token, body });

/** Runs a need action and insists it succeeds; returns the need. */
export async function mustAct(api: TestApi, token: string, id: string, body: Record<string, unknown>) {
  const r = await needAct(api, token, id, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

export async function institutionId(api: TestApi, seedKey: string): Promise<string> {
  const { rows } = await api.deps.db.query<{ id: string }>('SELECT id FROM institutions WHERE seed_key = $1', [seedKey]);
  return rows[0]!.id;
}

/** The institution the seeded `provider` persona works for. */
export async function providerInstitutionId(api: TestApi): Promise<string> {
  const { rows } = await api.deps.db.query<{ id: string }>(`SELECT institution_id AS id FROM users WHERE persona = 'provider'`);
  return rows[0]!.id;
}

let seq = 0;
/**
 * A new account with these roles (and optionally a center desk, an
 * institution or an expert), signed in: its id and token.
 */
export async function newUser(
  api: TestApi,
  opts: { name?: string; roles: string[]; atCenter?: boolean; stationCode?: string; institutionId?: string; expertId?: string },
): Promise<{ id: string; token: string }> {
  const { rows } = await api.deps.db.query<{ id: string }>(
    `INSERT INTO users (openid, name_enc, roles, institution_id, expert_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      `test:${Date.now()}:${++seq}`,
      api.deps.pii.encrypt(opts.name ?? `测试用户${seq}`),
      opts.roles,
      opts.institutionId ?? null,
      opts.expertId ?? null,
    ],
  );
  const id = rows[0]!.id;
  if (opts.atCenter) {
    await api.deps.db.query(`INSERT INTO staff_stations (user_id, station_id) SELECT $1, id FROM stations WHERE kind = 'center'`, [id]);
  }
  if (opts.stationCode) {
    await api.deps.db.query(`INSERT INTO staff_stations (user_id, station_id) SELECT $1, id FROM stations WHERE code = $2`, [
      id,
      opts.stationCode,
    ]);
  }
  const token = await issueToken(id, api.deps.config.sessionSecret, 3600, new Date());
  return { id, token };
}

/** A Shanghai calendar day at 10:00 local time (02:00 UTC). */
export const shanghaiMorning = (day: string) => new Date(`${day}T02:00:00Z`);
