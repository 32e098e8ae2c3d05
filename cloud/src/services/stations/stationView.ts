// A station as the public sees it, read by id or code; shared by the station use cases.
import { maskName, type CreateStationInput, type Station, type StationStaffMember } from '@qi/shared';
import { requireAdmin } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName, type PiiCipher } from '../../pii';

/** Names are encrypted, so lists are ordered by name here (by code point, as the database did) rather than in SQL. */
export const sortByName = <T extends { name: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export interface StationRow {
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
export const stationView = (pii: PiiCipher, r: StationRow): Station => ({
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

export const STATION_SELECT = `
  SELECT s.*, (SELECT json_agg(json_build_object('name_enc', u.name_enc, 'title', ss.title))
                 FROM staff_stations ss JOIN users u ON u.id = ss.user_id WHERE ss.station_id = s.id) AS staff
    FROM stations s`;

export const KIND_ORDER = `CASE s.kind WHEN 'center' THEN 0 WHEN 'branch' THEN 1 ELSE 2 END`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findStation(deps: Deps, db: Queryable, idOrCode: string, lock = false): Promise<Station> {
  const byId = UUID.test(idOrCode);
  const where = byId ? 's.id = $1::uuid' : 's.code = upper($1)';
  const { rows } = await db.query<StationRow>(`${STATION_SELECT} WHERE ${where}${lock ? ' FOR UPDATE OF s' : ''}`, [idOrCode]);
  if (!rows[0]) fail('not_found', '没有找到该服务站点');
  return stationView(deps.pii, rows[0]!);
}

export const onlyManagers = (p: Principal) => {
  requireAdmin(p, '只有运营管理人员可以维护服务站点');
};

export const noticeJson = (n: CreateStationInput['notice']) =>
  JSON.stringify({ intro: n.intro, items: n.items, flow: n.flow, complaintPhone: n.complaintPhone });

/** A station's edited columns, in the order kind, name, region, address, lat, lng, phone, hours, notice (create and update). */
export const stationColumnValues = (s: Omit<CreateStationInput, 'code'>) => [
  s.kind,
  s.name,
  s.region,
  s.address,
  s.location.lat,
  s.location.lng,
  s.phone,
  JSON.stringify(s.hours),
  noticeJson(s.notice),
];

/** A station's specialists, in clear: for the managers who assign them. */
export async function staffOf(deps: Deps, db: Queryable, stationId: string): Promise<StationStaffMember[]> {
  const { rows } = await db.query<{ user_id: string; name_enc: string | null; title: string }>(
    `SELECT ss.user_id, u.name_enc, ss.title FROM staff_stations ss JOIN users u ON u.id = ss.user_id
      WHERE ss.station_id = $1 ORDER BY ss.user_id`,
    [stationId],
  );
  return sortByName(rows.map((r) => ({ userId: r.user_id, name: openName(deps.pii, r.name_enc), title: r.title })));
}
