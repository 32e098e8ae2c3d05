// The signed-in caller with everything the policy needs, loaded in one query.
import type { Role, StationKind } from '@qi/shared';
import type { Context } from 'hono';
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

/** A signed-in caller whose principal is loaded when asked for (a route may load it in a statement of its own work). */
export interface Caller {
  id: string;
  principal(): Promise<Principal>;
}

export interface PrincipalRow {
  id: string;
  name_enc: string | null;
  roles: Role[];
  enterprise_id: string | null;
  institution_id: string | null;
  expert_id: string | null;
  station_ids: string[] | null;
  at_center: boolean;
}

/** The principal columns (PrincipalRow) of the users matching `where`, over `users u`. */
export const principalSelect = (where: string) => `
  SELECT u.id, u.name_enc, u.roles, u.enterprise_id, u.institution_id, u.expert_id,
         array_remove(array_agg(ss.station_id), NULL) AS station_ids,
         coalesce(bool_or(${is('s.kind', 'center' satisfies StationKind)}), false) AS at_center
    FROM users u
    LEFT JOIN staff_stations ss ON ss.user_id = u.id
    LEFT JOIN stations s ON s.id = ss.station_id
   WHERE ${where}
   GROUP BY u.id`;

/** The users matching `where` (over `users u`, with $1 = `param`) as principals. */
async function loadPrincipals(db: Queryable, where: string, param: unknown): Promise<Principal[]> {
  const { rows } = await db.query<PrincipalRow>(`${principalSelect(where)} ORDER BY u.id`, [param], { prepared: true });
  return rows.map(toPrincipal);
}

/**
 * An SQL expression: user `param`'s principal columns as one JSON object (NULL
 * when there is no such user), for a statement that loads the caller beside
 * its own work (the rate limits); principalOf reads it.
 */
export const principalJson = (param: string): string => `(SELECT row_to_json(p) FROM (${principalSelect(`u.id = ${param}::uuid`)}) p)`;

export const principalOf = (json: PrincipalRow | null): Principal | null => (json ? toPrincipal(json) : null);

/** The request's context variable holding the caller a statement of it already loaded (rememberPrincipal). */
export interface LoadedCallerVariables {
  loadedCaller?: { userId: string; principal: Principal | null };
}

/** Remembers the caller a statement of this request already loaded (principalJson), so the sign-in need not load it again. */
export function rememberPrincipal<E extends { Variables: LoadedCallerVariables }>(
  c: Context<E>,
  userId: string,
  principal: Principal | null,
): void {
  c.set('loadedCaller', { userId, principal });
}

/** User `userId` as a principal: the one this request already loaded (rememberPrincipal), or from the database. */
export async function requestPrincipal<E extends { Variables: LoadedCallerVariables }>(
  c: Context<E>,
  db: Queryable,
  userId: string,
): Promise<Principal | null> {
  const k = c.get('loadedCaller');
  return k?.userId === userId ? k.principal : loadPrincipal(db, userId);
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
