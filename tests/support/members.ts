// Enterprise members (企业成员) for the tests: a colleague of the first
// enterprise, as the product makes one — a new WeChat account (demo mode)
// binds the first member's invitation. Over any JsonClient (API or jsdom suites).
import type { JsonClient } from './json-client';

/** A new account that joined the first enterprise (persona `enterprise`); its session token. */
export async function enterpriseColleague(client: Pick<JsonClient, 'request' | 'login'>, note = '质量部 王海燕'): Promise<string> {
  const fresh = await client.request('POST', '/api/auth/dev', { body: { newAccount: true } });
  if (fresh.status !== 200) throw new Error(`new account: ${fresh.status} ${JSON.stringify(fresh.body)}`);
  const token = fresh.body.token as string;
  const inv = await client.request('POST', '/api/enterprise/invitations', { token: await client.login('enterprise'), body: { note } });
  if (inv.status !== 201) throw new Error(`invitation: ${inv.status} ${JSON.stringify(inv.body)}`);
  const bound = await client.request('POST', '/api/invitations/bind', { token, body: { code: inv.body.code } });
  if (bound.status !== 200) throw new Error(`bind: ${bound.status} ${JSON.stringify(bound.body)}`);
  return token;
}
