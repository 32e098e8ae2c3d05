import { describeHours, maskName, openingState, toShanghaiDate, type Checkin, type CheckinInput, type Station } from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { loadCalendar } from '../calendar';
import { notifyUsers } from '../notifications';
import { findStation } from './stationView';

/** A repeated check-in within this many minutes (a retry, a double tap) is the same visit. */
export const CHECKIN_DEDUPE_MINUTES = 30;

/** Why no one can greet a visitor now (the station is 休息中), naming its hours; null while it is open. */
export function closedRefusal(station: Pick<Station, 'name' | 'hours'>, state: { open: boolean; detail: string }): string | null {
  if (state.open) return null;
  const hours = describeHours(station.hours);
  return `${station.name}当前休息中（${state.detail}），无人接待到站登记。开放时间：${hours.length ? hours.join('；') : '暂未公布'}，请在开放时间到站，或直接在线提交需求`;
}

/**
 * 到站登记: records an enterprise user's arrival at a station, while it is
 * open (休息中: 422 with its hours). Checking in again at the same station
 * within 30 minutes answers the same check-in.
 */
export async function checkIn(deps: Deps, p: Principal, stationIdOrCode: string, input: CheckinInput): Promise<Checkin> {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以到站登记');
  return deps.db.transaction(async (tx) => {
    const station = await findStation(deps, tx, stationIdOrCode);
    // One visitor, one station at a time: a concurrent retry waits here, then finds the first.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1)) AS locked', [`checkin:${p.id}:${station.id}`]);
    const now = deps.now();
    const refusal = closedRefusal(station, openingState(station.hours, now, await loadCalendar(deps, tx)));
    if (refusal) fail('rule_violation', refusal);
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

/** The caller's latest check-in at the station today (Asia/Shanghai), or null: the page shows it as done. */
export async function myCheckinToday(deps: Deps, p: Principal, stationIdOrCode: string): Promise<{ checkin: Checkin | null }> {
  if (!has(p, 'enterprise')) fail('forbidden', '只有企业用户可以到站登记');
  const station = await findStation(deps, deps.db, stationIdOrCode);
  const { rows } = await deps.db.query<{ id: string; at: Date; purpose: string | null }>(
    `SELECT id, at, purpose FROM checkins
      WHERE user_id = $1 AND station_id = $2 AND (at AT TIME ZONE 'Asia/Shanghai')::date = $3::date
      ORDER BY at DESC LIMIT 1`,
    [p.id, station.id, toShanghaiDate(deps.now())],
  );
  const r = rows[0];
  return { checkin: r ? { id: r.id, stationId: station.id, at: r.at.toISOString(), purpose: r.purpose } : null };
}
