import type { Station, UpdateStationInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { findStation, onlyManagers, stationColumnValues } from './stationView';

/** A manager edits a station at the version read; a stale version is refused (409). */
export async function updateStation(deps: Deps, p: Principal, idOrCode: string, input: UpdateStationInput): Promise<Station> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const current = await findStation(deps, tx, idOrCode, true);
    if (current.version !== input.version) fail('version_conflict', '该站点已被他人修改，请刷新后再编辑');
    await tx.query(
      `UPDATE stations SET kind = $2, name = $3, region = $4, address = $5, lat = $6, lng = $7, phone = $8, hours = $9,
              notice = $10, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [current.id, ...stationColumnValues(input)],
    );
    return findStation(deps, tx, current.id);
  });
}
