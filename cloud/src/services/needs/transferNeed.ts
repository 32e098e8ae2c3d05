// 转办: the owner (or a manager) hands a need to another specialist, who owns it
// from now on, or to another station's queue, whose specialists take it up
// (the first to act owns it, 首问负责). The state and every clock stay as
// they are; the new owner (or the station's desk) and the enterprise are told.
import type { NeedActionInput, StationKind, TransferTargets } from '@qi/shared';
import { ownershipRefusal } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { capacityFor, needActors } from '../needView';
import { notifyUsers, queueSpecialistIds } from '../notifications';
import type { Effect, EffectContext } from './needEffects';
import { visibleNeed } from './getNeed';

type TransferInput = Extract<NeedActionInput, { action: 'transfer' }>;

interface SpecialistRow {
  id: string;
  name_enc: string | null;
  stations: { id: string; name: string; phone: string; kind: StationKind }[];
}

/** Specialist accounts (by id, or all), with the stations they work at, the need's station first. */
async function specialists(tx: Queryable, id: string | null, preferStationId: string | null): Promise<SpecialistRow[]> {
  const { rows } = await tx.query<SpecialistRow>(
    `SELECT u.id, u.name_enc,
            coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'phone', s.phone, 'kind', s.kind)
                               ORDER BY s.id IS DISTINCT FROM $2::uuid, s.kind <> 'center', s.name)
                        FROM staff_stations ss JOIN stations s ON s.id = ss.station_id WHERE ss.user_id = u.id), '[]') AS stations
       FROM users u
      WHERE 'specialist' = ANY(u.roles) AND ($1::uuid IS NULL OR u.id = $1::uuid)
      ORDER BY u.created_at, u.id`,
    [id, preferStationId],
  );
  return rows;
}

const stationLabel = (names: string[]) => (names.length ? `（${names[0]}）` : '');

export async function transferNeed(ctx: EffectContext, input: TransferInput): Promise<Effect> {
  const { deps, tx, p, row } = ctx;
  const actorName = openName(deps.pii, p.nameEnc) || '工作人员';
  const need = `“${row.title}”（${row.number}）`;
  let label: string;
  let phone: string;
  let set: Record<string, unknown>;
  let told: string[];
  let data: Record<string, unknown>;
  if (input.toSpecialistId) {
    if (input.toSpecialistId === row.owner_id) fail('rule_violation', '该需求已由这位服务专员负责，无需转办');
    const [target] = await specialists(tx, input.toSpecialistId, row.station_id);
    if (!target) fail('rule_violation', '没有找到该服务专员，请重新选择');
    const name = openName(deps.pii, target!.name_enc) || '服务专员';
    label = `服务专员${name}${stationLabel(target!.stations.map((s) => s.name))}`;
    phone = target!.stations[0]?.phone ?? '';
    set = { owner_id: target!.id };
    told = [target!.id];
    data = { toSpecialistId: target!.id };
  } else {
    const { rows } = await tx.query<{ id: string; name: string; phone: string }>('SELECT id, name, phone FROM stations WHERE id = $1', [
      input.toStationId,
    ]);
    const station = rows[0];
    if (!station) fail('rule_violation', '没有找到该服务站点，请重新选择');
    if (!row.owner_id && row.station_id === station!.id) fail('rule_violation', '该需求已在这个站点的待办中，无需转办');
    label = station!.name;
    phone = station!.phone;
    set = { owner_id: null, station_id: station!.id };
    told = await queueSpecialistIds(tx, station!.id);
    data = { toStationId: station!.id };
  }
  await notifyUsers(
    tx,
    told,
    {
      kind: 'need_new',
      title: `有需求转交${input.toSpecialistId ? '您' : label}办理`,
      body: `${actorName}转办需求${need}：${input.reason}`,
      needId: row.id,
    },
    p.id,
  );
  // A manager moving someone else's need tells its owner so.
  if (row.owner_id && row.owner_id !== p.id) {
    await notifyUsers(tx, [row.owner_id], {
      kind: 'need_state',
      title: `您负责的需求已转交${label}办理`,
      body: `${actorName}转办需求${need}：${input.reason}`,
      needId: row.id,
    });
  }
  return {
    set,
    note: `转交${label}办理。转办理由：${input.reason}`,
    data: { ...data, fromOwnerId: row.owner_id, fromStationId: row.station_id, reason: input.reason },
    title: `您的需求已转交${label}办理`,
    remark: `已转交${label}办理${phone ? `，联系电话 ${phone}` : ''}；办理时限不变。`,
  };
}

/** Whom the caller may hand this need to (the owner, or a manager): the picker of the 转办 form. */
export async function transferTargets(deps: Deps, p: Principal, id: string): Promise<TransferTargets> {
  return deps.db.transaction(async (tx) => {
    const row = await visibleNeed(tx, p, id);
    const actors = needActors(p, row);
    const role = capacityFor(actors, 'transfer');
    if (!role) fail('forbidden', '当前身份不能转办需求');
    const owner = { id: row.owner_id, name: openName(deps.pii, row.owner_name_enc) || null };
    const refusal = ownershipRefusal(p, role!, 'transfer', owner);
    if (refusal) fail('forbidden', refusal);
    const people = (await specialists(tx, null, null)).filter((s) => s.id !== row.owner_id);
    const { rows: stations } = await tx.query<{ id: string; name: string; kind: StationKind }>(
      `SELECT id, name, kind FROM stations ORDER BY kind <> 'center', kind <> 'branch', name, id`,
    );
    return {
      specialists: people.map((s) => ({
        id: s.id,
        name: openName(deps.pii, s.name_enc) || '服务专员',
        stations: s.stations.map((x) => x.name),
      })),
      stations: stations.filter((s) => row.owner_id || s.id !== row.station_id),
    };
  });
}
