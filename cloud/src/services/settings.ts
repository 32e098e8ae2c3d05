// Manager-editable settings: the time limits (SPEC "Time limits"). One row in
// `settings`, changed from the version the editor saw (409 otherwise); the
// deadline functions read it through loadClockRules (needView/clockRules.ts).
import { DEFAULT_TIME_LIMITS, maskName, resolveTimeLimits, type TimeLimits, type TimeLimitsUpdate, type TimeLimitsView } from '@qi/shared';
import { requireAdmin } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import type { Deps } from '../deps';
import { fail } from '../errors';
import { openName } from '../pii';

const TIME_LIMITS_KEY = 'time_limits';

/** The limits with who changed them last, masked: the view is public (a service commitment). */
async function timeLimitsView(deps: Deps, q: Queryable): Promise<TimeLimitsView> {
  const { rows } = await q.query<{ value: Partial<TimeLimits>; version: number; updated_at: Date; updated_by_enc: string | null }>(
    'SELECT value, version, updated_at, updated_by_enc FROM settings WHERE key = $1',
    [TIME_LIMITS_KEY],
  );
  const r = rows[0];

  return {
    limits: resolveTimeLimits(r?.value ?? {}),
    defaults: { ...DEFAULT_TIME_LIMITS },
    version: r?.version ?? 0,
    updatedAt: r ? r.updated_at.toISOString() : null,
    updatedBy: r?.updated_by_enc ? maskName(openName(deps.pii, r.updated_by_enc)) : null,
  };
}

/** The limits in force: a public service commitment, like the catalogue. */
export function getTimeLimits(deps: Deps): Promise<TimeLimitsView> {
  return timeLimitsView(deps, deps.db);
}

/** Sets every limit from the version shown; deadlines computed from now on use them. */
export async function updateTimeLimits(deps: Deps, p: Principal, input: TimeLimitsUpdate): Promise<TimeLimitsView> {
  requireAdmin(p, '只有运营管理人员可以修改办理时限');
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const value = JSON.stringify(input.limits);
    // The first change inserts (a concurrent first change finds the row and loses); later ones match the version.
    const saved =
      input.version === 0
        ? await tx.query(
            `INSERT INTO settings (key, value, version, updated_at, updated_by_enc) VALUES ($1, $2::jsonb, 1, $3, $4)
             ON CONFLICT (key) DO NOTHING`,
            [TIME_LIMITS_KEY, value, now, p.nameEnc],
          )
        : await tx.query(
            `UPDATE settings SET value = $2::jsonb, version = version + 1, updated_at = $3, updated_by_enc = $4, updated_by_plain = NULL
              WHERE key = $1 AND version = $5`,
            [TIME_LIMITS_KEY, value, now, p.nameEnc, input.version],
          );
    if (saved.rowCount !== 1) fail('version_conflict', '办理时限已被他人修改，请刷新后再操作');
    return timeLimitsView(deps, tx);
  });
}
