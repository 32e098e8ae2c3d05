import type { StationStaffInput, StationStaffMember } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { ApiError } from '../../errors';
import { lockGrant, recordAccountChange } from '../staff/records';
import { findStation, onlyManagers, staffOf } from './stationView';

/**
 * Replaces the specialists working at a station (and so whose queue its needs
 * reach), each change of an account's stations audited. Sending the same list
 * again changes nothing.
 */
export async function setStationStaff(deps: Deps, p: Principal, idOrCode: string, input: StationStaffInput): Promise<StationStaffMember[]> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const station = await findStation(deps, tx, idOrCode, true);
    const ids = input.staff.map((s) => s.userId);
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND 'specialist' = ANY(roles)`, [ids]);
    const known = new Set(rows.map((r) => r.id));
    const issues = input.staff.flatMap((s, i) =>
      known.has(s.userId) ? [] : [{ path: `staff.${i}.userId`, message: '该用户不是服务专员，不能分配到站点' }],
    );
    if (issues.length) throw new ApiError('rule_violation', '只能把服务专员分配到站点', issues);
    // Whose stations change (added or removed; a new title alone is no change of grant), as they were.
    const current = (
      await tx.query<{ user_id: string }>('SELECT user_id FROM staff_stations WHERE station_id = $1', [station.id])
    ).rows.map((r) => r.user_id);
    const touched = [...new Set([...current.filter((id) => !ids.includes(id)), ...ids.filter((id) => !current.includes(id))])].sort();
    const before = new Map<string, Awaited<ReturnType<typeof lockGrant>>>();
    for (const id of touched) before.set(id, await lockGrant(tx, id));
    await tx.query('DELETE FROM staff_stations WHERE station_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [station.id, ids]);
    for (const s of input.staff) {
      await tx.query(
        `INSERT INTO staff_stations (user_id, station_id, title) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, station_id) DO UPDATE SET title = EXCLUDED.title`,
        [s.userId, station.id, s.title],
      );
    }
    // Audited as any change of an account's stations (员工账号 → 变更记录), and its version moves.
    const at = deps.now();
    for (const id of touched) {
      await tx.query('UPDATE users SET version = version + 1 WHERE id = $1', [id]);
      const note = `站点人员调整：${current.includes(id) ? '调离' : '调入'}${station.name}`;
      await recordAccountChange(
        tx,
        p,
        { action: 'change', subjectId: id, before: before.get(id), after: await lockGrant(tx, id), note },
        at,
      );
    }
    return staffOf(deps, tx, station.id);
  });
}
