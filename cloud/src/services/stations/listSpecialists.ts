import type { Specialist } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { openName } from '../../pii';
import { onlyManagers, sortByName } from './stationView';

/** Every specialist, with the stations where each works (for assigning them). */
export async function listSpecialists(deps: Deps, p: Principal): Promise<Specialist[]> {
  onlyManagers(p);
  const { rows } = await deps.db.query<{ id: string; name_enc: string | null; stations: { id: string; name: string }[] | null }>(
    `SELECT u.id, u.name_enc,
            (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.code)
               FROM staff_stations ss JOIN stations s ON s.id = ss.station_id WHERE ss.user_id = u.id) AS stations
       FROM users u WHERE 'specialist' = ANY(u.roles) ORDER BY u.id`,
  );
  return sortByName(rows.map((r) => ({ id: r.id, name: openName(deps.pii, r.name_enc), stations: r.stations ?? [] })));
}
