// The evaluation's thresholds and window: one row of `settings` (key
// 'evaluation'), changed from the version the editor saw (409 otherwise), as
// the time limits are. Managers and supervisors read them; managers change them.
import {
  DEFAULT_EVALUATION_THRESHOLDS,
  EvaluationThresholdsSchema,
  maskName,
  type EvaluationSettingsUpdate,
  type EvaluationSettingsView,
  type EvaluationThresholds,
  type EvaluationWindow,
  type IsoDate,
} from '@qi/shared';
import { requireAdmin, requireOversight } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';

const KEY = 'evaluation';

interface SettingsRow {
  value: unknown;
  version: number;
  updated_at: Date;
  updated_by_enc: string | null;
}

async function readRow(q: Queryable): Promise<SettingsRow | undefined> {
  const { rows } = await q.query<SettingsRow>('SELECT value, version, updated_at, updated_by_enc FROM settings WHERE key = $1', [KEY]);
  return rows[0];
}

/** The thresholds in force and their version (0: the defaults, never changed). */
export async function loadThresholds(q: Queryable): Promise<{ thresholds: EvaluationThresholds; version: number }> {
  const r = await readRow(q);
  const parsed = EvaluationThresholdsSchema.safeParse(r?.value);
  return { thresholds: parsed.success ? parsed.data : DEFAULT_EVALUATION_THRESHOLDS, version: r?.version ?? 0 };
}

/** The rolling window ending today: `months` calendar months back (a shorter month keeps its last day). */
export function windowEnding(today: IsoDate, months: number): EvaluationWindow {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return { months, from: first.toISOString().slice(0, 10), to: today };
}

async function view(deps: Deps, q: Queryable): Promise<EvaluationSettingsView> {
  const r = await readRow(q);
  const { thresholds, version } = await loadThresholds(q);
  return {
    thresholds,
    defaults: DEFAULT_EVALUATION_THRESHOLDS,
    version,
    updatedAt: r ? r.updated_at.toISOString() : null,
    updatedBy: r?.updated_by_enc ? maskName(openName(deps.pii, r.updated_by_enc)) : null,
  };
}

export function getEvaluationSettings(deps: Deps, p: Principal): Promise<EvaluationSettingsView> {
  requireOversight(p, '只有运营管理人员和监管人员可以查看动态评价');
  return view(deps, deps.db);
}

/** Sets the window and every threshold from the version shown; proposals made from now on use them. */
export async function updateEvaluationSettings(deps: Deps, p: Principal, input: EvaluationSettingsUpdate): Promise<EvaluationSettingsView> {
  requireAdmin(p, '只有运营管理人员可以修改动态评价的阈值');
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const value = JSON.stringify(input.thresholds);
    const saved =
      input.version === 0
        ? await tx.query(
            `INSERT INTO settings (key, value, version, updated_at, updated_by_enc) VALUES ($1, $2::jsonb, 1, $3, $4)
             ON CONFLICT (key) DO NOTHING`,
            [KEY, value, now, p.nameEnc],
          )
        : await tx.query(
            `UPDATE settings SET value = $2::jsonb, version = version + 1, updated_at = $3, updated_by_enc = $4, updated_by_plain = NULL
              WHERE key = $1 AND version = $5`,
            [KEY, value, now, p.nameEnc, input.version],
          );
    if (saved.rowCount !== 1) fail('version_conflict', '评价阈值已被他人修改，请刷新后再操作');
    return view(deps, tx);
  });
}
