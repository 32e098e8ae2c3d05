// The component tests' side door to the real API: sign a persona in (as the
// page would, token in Taro storage) and look at what the server holds.
import { inject } from 'vitest';
import { PRIVACY_DOCUMENTS, PRIVACY_PATHS, type Persona } from '@qi/shared';
import { setToken } from '../../../miniapp/src/api/client';
import { jsonClient, type JsonClient } from '../../support/json-client';
import { enterpriseColleague as newColleague } from '../../support/members';

// The same client as the API suites': every reply is checked against the contract.
let client: JsonClient | undefined;
const api = () => (client ??= jsonClient((path, init) => fetch(`${inject('apiOrigin')}${path}`, init)));

export async function call<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await api().request<T>(method, path, { ...opts, headers: { accept: 'application/json', ...opts.headers } });
  return { status: res.status, body: res.body };
}

/** A demo persona's session token (cached). */
export const tokenOf = (persona: Persona): Promise<string> => api().login(persona);

/** Records the account's consent to the privacy documents in force, as its first submission would ask. */
export async function consentFor(token: string): Promise<void> {
  const body = { privacyVersion: PRIVACY_DOCUMENTS.privacy.version, termsVersion: PRIVACY_DOCUMENTS.terms.version, channel: 'h5' };
  const res = await call('POST', PRIVACY_PATHS.consent, { token, body });
  if (res.status !== 200) throw new Error(`consent failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Signs the page in as a demo persona (the token where the mini-program keeps it),
 * who has agreed to the privacy documents (tests/miniapp/privacy.test.tsx asks a fresh account).
 */
export async function signInAs(persona: Persona): Promise<string> {
  const token = await tokenOf(persona);
  await consentFor(token);
  setToken(token);
  return token;
}

/** A unique title, so a test finds its own need among the shared database's. */
export const uniqueTitle = (base: string) => `${base}-${Math.random().toString(36).slice(2, 7)}`;

/** The enterprise's needs with this title (newest first). */
export async function needsTitled(persona: Persona, title: string) {
  const token = await tokenOf(persona);
  const page = await api().ok('listNeeds', { token, query: { limit: 100 } });
  return page.items.filter((n) => n.title === title);
}

/** A need of the enterprise, submitted through the API (for pages that show one). */
export async function submittedNeed(title = uniqueTitle('测试需求')) {
  const token = await tokenOf('enterprise');
  return api().ok('createNeed', {
    token,
    headers: { 'Idempotency-Key': `mini-${Math.random().toString(36).slice(2)}` },
    body: {
      title,
      description: '我司椰子汁准备出口东盟，需要了解检测项目。',
      categories: ['testing'],
      contactName: '林晓华',
      contactPhone: '13876543210',
    },
  });
}

/** The specialist moves a need: one action with the current version. */
export async function specialistActs(id: string, body: Record<string, unknown>) {
  const token = await tokenOf('specialist');
  const current = await api().ok('getNeed', { token, params: { id } });
  return api().ok('actOnNeed', { token, params: { id }, body: { ...body, version: current.version } });
}

/** A need the specialist answered on the spot: completed, its rating window open. */
export async function completedNeed() {
  const need = await submittedNeed();
  await specialistActs(need.id, { action: 'answer', answer: '已电话告知出口东盟的检测项目和依据标准。' });
  return need;
}

/** The manager walks a complaint through 确认受理 and 开始调查 to 办结 (no step can be skipped); answers it resolved. */
export async function resolveComplaint(id: string, outcome: string) {
  const token = await tokenOf('manager');
  let version = (await call('GET', `/api/complaints/${id}`, { token })).body.version as number;
  for (const body of [{ action: 'acknowledge' }, { action: 'investigate', note: '已调取办理记录。' }, { action: 'resolve', outcome }]) {
    const r = await call('POST', `/api/complaints/${id}/actions`, { token, body: { ...body, version } });
    if (r.status !== 200) throw new Error(`complaint step ${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    version = r.body.version;
  }
  return (await call('GET', `/api/complaints/${id}`, { token })).body;
}

/** A colleague of the first enterprise (企业成员), who has agreed to the privacy documents. */
export async function enterpriseColleague(): Promise<string> {
  const token = await newColleague(api());
  await consentFor(token);
  return token;
}
