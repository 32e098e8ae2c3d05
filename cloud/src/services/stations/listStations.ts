import { nearbyStations, type Station, type StationListQuery } from '@qi/shared';
import type { Deps } from '../../deps';
import { KIND_ORDER, STATION_SELECT, stationView, type StationRow } from './stationView';

/** Every station, or those serving a category, nearest first when a position is given. */
export async function listStations(deps: Deps, query: StationListQuery = {}): Promise<Station[]> {
  const { rows } = await deps.db.query<StationRow>(`${STATION_SELECT} ORDER BY ${KIND_ORDER}, s.code`);
  const from = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  return nearbyStations(
    rows.map((r) => stationView(deps.pii, r)),
    { from, category: query.category },
  ).map(({ distanceKm: _d, ...s }) => s);
}
