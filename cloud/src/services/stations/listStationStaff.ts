import type { StationStaffMember } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { getStation } from './getStation';
import { onlyManagers, staffOf } from './stationView';

/** The specialists working at a station (for the manager). */
export async function listStationStaff(deps: Deps, p: Principal, idOrCode: string): Promise<StationStaffMember[]> {
  onlyManagers(p);
  const station = await getStation(deps, idOrCode);
  return staffOf(deps, deps.db, station.id);
}
