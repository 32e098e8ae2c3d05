// The signed-in caller with everything the policy needs, loaded in one query.
import type { Role, StationKind } from '@qi/shared';
import { is } from '../db/sql';
import type { Queryable } from '../db/types';

export interface Principal {
  id: string;
  /** The account's name, encrypted (users.name_enc): copied as it is into the events the caller signs. */
  nameEnc: string;
  roles: Role[];
  enterpriseId: string | null;
  institutionId: string | null;
  expertId: string | null;
  /** Stations whose queue this specialist works. */
  stationIds: string[];
  /** Works at a 服务中心, whose queue holds every need raised without a station. */
  atCenter: boolean;
}

interface PrincipalRow {
  id: string;
  name_enc: string | null;
  roles: Role[];
  enterprise_id: string | null;
  institution_id: string | null;
  expert_id: string | null;
  station_ids: string[] | null;
  at_center: boolean;
}

/** The users matching `where` (over `users u`, with $1 = `param`) as principals. */
async function loadPrincipals(db: Queryable, where: string, param: unknown): Promise<Principal[]> {
  const { rows } = await db.query<PrincipalRow>(
    `SELECT u.id, u.name_enc, u.roles, u.enterprise_id, u.institution_id, u.expert_id,
            array_remove(array_agg(ss.station_id), NULL) AS station_ids,
            coalesce(bool_or(${is('s.kind', 'center' satisfies StationKind)}), false) AS at_center
       FROM users u
       LEFT JOIN staff_stations ss ON ss.user_id = u.id
       LEFT JOIN stations s ON s.id = ss.station_id
      WHERE ${where}
      GROUP BY u.id
      ORDER BY u.id`,
    [param],
  );
  return rows.map(toPrincipal);
}

export async function loadPrincipal(db: Queryable, userId: string): Promise<Principal | null> {
  return (await loadPrincipals(db, 'u.id = $1', userId))[0] ?? null;
}

/** Every account holding `role`, as principals (the policy decides over them, e.g. whose queue a need is in). */
export const loadPrincipalsWithRole = (db: Queryable, role: Role): Promise<Principal[]> => loadPrincipals(db, '$1 = ANY(u.roles)', role);

function toPrincipal(r: PrincipalRow): Principal {
  return {
    id: r.id,
    nameEnc: r.name_enc ?? '',
    roles: r.roles,
    enterpriseId: r.enterprise_id,
    institutionId: r.institution_id,
    expertId: r.expert_id,
    stationIds: r.station_ids ?? [],
    atCenter: r.at_center,
  };
}
