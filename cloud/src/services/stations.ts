// Stations (服务中心、分中心、驿站): public views, the manager's edits and
// staff assignments, check-ins (到站登记) and the station desk's view of
// them. Each use case is one transaction.
import {
  maskName,
  nearbyStations,
  type Checkin,
  type CheckinInput,
  type CreateStationInput,
  type Specialist,
  type Station,
  type StationCheckin,
  type StationListQuery,
  type StationStaffInput,
  type StationStaffMember,
  type UpdateStationInput,
} from '@qi/shared';
import { administers, has, requireAdmin, worksAtStation } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { isDbError, PG_UNIQUE_VIOLATION, type Queryable } from '../db/types';
import type { Deps } from '../deps';
import { ApiError, fail } from '../errors';
import { openName, type PiiCipher } from '../pii';
import { notifyUsers } from './notifications';

/** Names are encrypted, so lists are ordered by name here (by code point, as the database did) rather than in SQL. */
const sortByName = <T extends { name: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

interface StationRow {
  id: string;
  code: string;
  version: number;
  kind: Station['kind'];
  name: string;
  region: string;
  address: string;
  lat: number;
  lng: number;
  phone: string;
  hours: Station['hours'];
  notice: Partial<Omit<Station['notice'], 'staff'>>;
  staff: { name_enc: string | null; title: string }[] | null;
}

/** A station as the public sees it: its staff named on the notice, masked as every published name is. */
const stationView = (pii: PiiCipher, r: StationRow): Station => ({
  id: r.id,
  code: r.code,
  version: r.version,
  kind: r.kind,
  name: r.name,
  region: r.region,
  address: r.address,
  location: { lat: r.lat, lng: r.lng },
  phone: r.phone,
  hours: r.hours,
  notice: {
    intro: r.notice.intro ?? '',
    items: r.notice.items ?? [],
    flow: r.notice.flow ?? [],
    complaintPhone: r.notice.complaintPhone ?? '',
    staff: sortByName((r.staff ?? []).map((m) => ({ name: openName(pii, m.name_enc), title: m.title }))).map((m) => ({
      name: maskName(m.name),
      title: m.title,
    })),
  },
});

const STATION_SELECT = `
  SELECT s.*, (SELECT json_agg(json_build_object('name_enc', u.name_enc, 'title', ss.title))
                 FROM staff_stations ss JOIN users u ON u.id = ss.user_id WHERE ss.station_id = s.id) AS staff
    FROM stations s`;

const KIND_ORDER = `CASE s.kind WHEN 'center' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every station, or those serving a category, nearest first when a position is given. */
export async function listStations(deps: Deps, query: StationListQuery = {}): Promise<Station[]> {
  const { rows } = await deps.db.query<StationRow>(`${STATION_SELECT} ORDER BY ${KIND_ORDER}, s.code`);
  const from = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null;
  return nearbyStations(
    rows.map((r) => stationView(deps.pii, r)),
    { from, category: query.category },
  ).map(({ distanceKm: _d, ...s }) => s);
}

async function findStation(deps: Deps, db: Queryable, idOrCode: string, lock = false): Promise<Station> {
  const byId = UUID.test(idOrCode);
  const where = byId ? 's.id = $1::uuid' : 's.code = upper($1)';
  const { rows } = await db.query<StationRow>(`${STATION_SELECT} WHERE ${where}${lock ? ' FOR UPDATE OF s' : ''}`, [idOrCode]);
  if (!rows[0]) fail('not_found', '没有找到该服务站点');
  return stationView(deps.pii, rows[0]!);
}

/** A station by its uuid or its short code (the one in QR scenes). */
export function getStation(deps: Deps, idOrCode: string): Promise<Station> {
  return findStation(deps, deps.db, idOrCode);
}

const onlyManagers = (p: Principal) => {
  requireAdmin(p, '只有运营管理人员可以维护服务站点');
};

const noticeJson = (n: CreateStationInput['notice']) =>
  JSON.stringify({ intro: n.intro, items: n.items, flow: n.flow, complaintPhone: n.complaintPhone });

/** A manager adds a station. Its code is unique: creating it again is refused (409), never a second station. */
export async function createStation(deps: Deps, p: Principal, input: CreateStationInput): Promise<Station> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    try {
      await tx.query(
        `INSERT INTO stations (code, kind, name, region, address, lat, lng, phone, hours, notice)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          input.code,
          input.kind,
          input.name,
          input.region,
          input.address,
          input.location.lat,
          input.location.lng,
          input.phone,
          JSON.stringify(input.hours),
          noticeJson(input.notice),
        ],
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
      [
        current.id,
        input.kind,
        input.name,
        input.region,
        input.address,
        input.location.lat,
        input.location.lng,
        input.phone,
        JSON.stringify(input.hours),
        noticeJson(input.notice),
      ],
    );
    return findStation(deps, tx, current.id);
  });
}

/** A station's specialists, in clear: for the managers who assign them. */
async function staffOf(deps: Deps, db: Queryable, stationId: string): Promise<StationStaffMember[]> {
  const { rows } = await db.query<{ user_id: string; name_enc: string | null; title: string }>(
    `SELECT ss.user_id, u.name_enc, ss.title FROM staff_stations ss JOIN users u ON u.id = ss.user_id
      WHERE ss.station_id = $1 ORDER BY ss.user_id`,
    [stationId],
  );
  return sortByName(rows.map((r) => ({ userId: r.user_id, name: openName(deps.pii, r.name_enc), title: r.title })));
}

/** The specialists working at a station (for the manager). */
export async function listStationStaff(deps: Deps, p: Principal, idOrCode: string): Promise<StationStaffMember[]> {
  onlyManagers(p);
  const station = await getStation(deps, idOrCode);
  return staffOf(deps, deps.db, station.id);
}

/**
 * Replaces the specialists working at a station (and so whose queue its needs
 * reach). Sending the same list again changes nothing.
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
    await tx.query('DELETE FROM staff_stations WHERE station_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [station.id, ids]);
    for (const s of input.staff) {
      await tx.query(
        `INSERT INTO staff_stations (user_id, station_id, title) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, station_id) DO UPDATE SET title = EXCLUDED.title`,
        [s.userId, station.id, s.title],
      );
    }
    return staffOf(deps, tx, station.id);
  });
}

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

/** A repeated check-in within this many minutes (a retry, a double tap) is the same visit. */
export const CHECKIN_DEDUPE_MINUTES = 30;

/**
 * 到站登记: records an enterprise user's arrival at a station. Checking in
 * again at the same station within 30 minutes answers the same check-in.
 */
export async function checkIn(deps: Deps, p: Principal, stationIdOrCode: string, input: CheckinInput): Promise<Checkin> {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以到站登记');
  return deps.db.transaction(async (tx) => {
    const station = await findStation(deps, tx, stationIdOrCode);
    // One visitor, one station at a time: a concurrent retry waits here, then finds the first.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1)) AS locked', [`checkin:${p.id}:${station.id}`]);
    const now = deps.now();
    const recent = await tx.query<{ id: string; at: Date; purpose: string | null }>(
      `UPDATE checkins SET purpose = coalesce($4, purpose)
        WHERE id = (SELECT id FROM checkins WHERE user_id = $1 AND station_id = $2 AND at > $3::timestamptz - make_interval(mins => $5)
                     ORDER BY at DESC LIMIT 1)
        RETURNING id, at, purpose`,
      [p.id, station.id, now, input.purpose ?? null, CHECKIN_DEDUPE_MINUTES],
    );
    let r = recent.rows[0];
    if (!r) {
      r = (
        await tx.query<{ id: string; at: Date; purpose: string | null }>(
          `INSERT INTO checkins (station_id, user_id, enterprise_id, purpose, at) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, at, purpose`,
          [station.id, p.id, p.enterpriseId, input.purpose ?? null, now],
        )
      ).rows[0]!;
      // Tell the station's specialists, so someone comes to greet the visitor.
      const staff = await tx.query<{ user_id: string }>('SELECT user_id FROM staff_stations WHERE station_id = $1', [station.id]);
      const ent = p.enterpriseId
        ? (await tx.query<{ name: string }>('SELECT name FROM enterprises WHERE id = $1', [p.enterpriseId])).rows[0]?.name
        : undefined;
      // Stored text: the visitor's name masked (the desk's check-in list shows it in clear).
      const visitor = maskName(openName(deps.pii, p.nameEnc));
      await notifyUsers(
        tx,
        staff.rows.map((s) => s.user_id),
        {
          kind: 'checkin',
          title: `到站登记：${ent ?? visitor}`,
          body: `${visitor}${ent ? `（${ent}）` : ''}已到${station.name}${input.purpose ? `，来访事由：${input.purpose}` : ''}，请接待。`,
        },
      );
    }
    return { id: r.id, stationId: station.id, at: r.at.toISOString(), purpose: r.purpose };
  });
}

/**
 * Recent check-ins at a station, newest first, for its specialists (to greet
 * the visitor: names shown, each read audited) and managers (names masked).
 */
export async function listStationCheckins(deps: Deps, p: Principal, idOrCode: string, limit: number): Promise<StationCheckin[]> {
  return deps.db.transaction(async (tx) => {
    const station = await findStation(deps, tx, idOrCode);
    const desk = worksAtStation(p, station.id);
    if (!desk && !administers(p)) fail('forbidden', '只有本站点的服务专员和运营管理人员可以查看到站登记');
    const { rows } = await tx.query<{
      id: string;
      at: Date;
      purpose: string | null;
      user_id: string;
      user_name_enc: string | null;
      enterprise_id: string | null;
      enterprise_name: string | null;
    }>(
      `SELECT c.id, c.at, c.purpose, u.id AS user_id, u.name_enc AS user_name_enc, e.id AS enterprise_id, e.name AS enterprise_name
         FROM checkins c JOIN users u ON u.id = c.user_id LEFT JOIN enterprises e ON e.id = c.enterprise_id
        WHERE c.station_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT $2`,
      [station.id, limit],
    );
    if (desk && rows.length) {
      await tx.query(
        `INSERT INTO pii_access_log (user_id, subject_kind, subject_id, purpose) SELECT $1, 'checkin', unnest($2::uuid[]), $3`,
        [p.id, rows.map((r) => r.id), '站点到站登记接待'],
      );
    }
    return rows.map((r) => ({
      id: r.id,
      stationId: station.id,
      at: r.at.toISOString(),
      purpose: r.purpose,
      visitor: { id: r.user_id, name: desk ? openName(deps.pii, r.user_name_enc) : maskName(openName(deps.pii, r.user_name_enc)) },
      enterprise: r.enterprise_id ? { id: r.enterprise_id, name: r.enterprise_name! } : null,
    }));
  });
}
