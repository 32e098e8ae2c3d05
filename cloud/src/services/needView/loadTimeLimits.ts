import { resolveTimeLimits, type TimeLimits } from '@qi/shared';
import type { Queryable } from '../../db/types';

/** The time limits in force (a manager may change them; defaults otherwise). */
export async function loadTimeLimits(tx: Queryable): Promise<TimeLimits> {
  const { rows } = await tx.query<{ value: Partial<TimeLimits> }>(`SELECT value FROM settings WHERE key = 'time_limits'`);
  return resolveTimeLimits(rows[0]?.value ?? {});
}
