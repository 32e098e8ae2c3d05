import { maskName, type StationCheckin } from '@qi/shared';
import { administers, worksAtStation } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { findStation } from './stationView';

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
