import type { CreateStationInput, Station } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import { isDbError, PG_UNIQUE_VIOLATION } from '../../db/types';
import type { Deps } from '../../deps';
import { ApiError } from '../../errors';
import { findStation, onlyManagers, stationColumnValues } from './stationView';

/** A manager adds a station. Its code is unique: creating it again is refused (409), never a second station. */
export async function createStation(deps: Deps, p: Principal, input: CreateStationInput): Promise<Station> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    try {
      await tx.query(
        `INSERT INTO stations (code, kind, name, region, address, lat, lng, phone, hours, notice)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [input.code, ...stationColumnValues(input)],
      );
    } catch (e) {
      if (isDbError(e, PG_UNIQUE_VIOLATION)) {
        throw new ApiError('duplicate', `站点码 ${input.code} 已被使用，请换一个`, [{ path: 'code', message: '站点码已被使用' }]);
      }
      throw e;
    }
    return findStation(deps, tx, input.code);
  });
}
