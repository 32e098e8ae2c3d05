// A user's consent to the 隐私保护指引 and 用户协议 in force (privacyDocs.ts):
// read, given, withdrawn. Each agreement and withdrawal is a row of the
// append-only user_consents (the audit record); the one in force is the newest.
// Agreeing to what is already in force records nothing new (a retried or
// repeated agreement is one row); agreeing to another version than the one in
// force is refused (409: the app shows the new text first).
import { PRIVACY_DOCUMENTS, type ConsentChannel, type ConsentInput, type ConsentStatus } from '@qi/shared';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';

interface ConsentRow {
  action: 'agree' | 'withdraw';
  privacy_version: string | null;
  terms_version: string | null;
  channel: ConsentChannel;
  at: Date;
}

async function latest(q: Queryable, userId: string): Promise<ConsentRow | null> {
  const { rows } = await q.query<ConsentRow>(
    `SELECT action, privacy_version, terms_version, channel, at FROM user_consents
      WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
    [userId],
  );
  return rows[0] ?? null;
}

const isCurrent = (r: ConsentRow | null) =>
  r?.action === 'agree' && r.privacy_version === PRIVACY_DOCUMENTS.privacy.version && r.terms_version === PRIVACY_DOCUMENTS.terms.version;

function statusOf(r: ConsentRow | null): ConsentStatus {
  const agreed =
    r?.action === 'agree'
      ? { privacyVersion: r.privacy_version!, termsVersion: r.terms_version!, channel: r.channel, at: r.at.toISOString() }
      : null;
  return {
    documents: {
      privacy: { ...PRIVACY_DOCUMENTS.privacy },
      terms: { ...PRIVACY_DOCUMENTS.terms },
    },
    agreed,
    needed: !isCurrent(r),
  };
}

export async function getConsent(deps: Deps, p: Principal): Promise<ConsentStatus> {
  return statusOf(await latest(deps.db, p.id));
}

export async function giveConsent(deps: Deps, p: Principal, input: ConsentInput): Promise<ConsentStatus> {
  if (input.privacyVersion !== PRIVACY_DOCUMENTS.privacy.version || input.termsVersion !== PRIVACY_DOCUMENTS.terms.version) {
    fail('version_conflict', '隐私保护指引或用户协议已更新，请阅读新版本后再同意');
  }
  return deps.db.transaction(async (tx) => {
    // One consent change at a time per user: two agreements at once record one row.
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [p.id]);
    const before = await latest(tx, p.id);
    if (isCurrent(before)) return statusOf(before);
    await tx.query(
      `INSERT INTO user_consents (user_id, action, privacy_version, terms_version, channel, at) VALUES ($1, 'agree', $2, $3, $4, $5)`,
      [p.id, input.privacyVersion, input.termsVersion, input.channel, deps.now()],
    );
    return statusOf(await latest(tx, p.id));
  });
}

/** Withdraws the consent in force (nothing to record when there is none); the app asks again before the next use. */
export async function withdrawConsent(deps: Deps, p: Principal): Promise<ConsentStatus> {
  return deps.db.transaction(async (tx) => {
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [p.id]);
    const before = await latest(tx, p.id);
    if (before?.action !== 'agree') return statusOf(before);
    await tx.query(`INSERT INTO user_consents (user_id, action, channel, at) VALUES ($1, 'withdraw', $2, $3)`, [
      p.id,
      before.channel,
      deps.now(),
    ]);
    return statusOf(await latest(tx, p.id));
  });
}
