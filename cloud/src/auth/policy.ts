// Roles and relations, checked in one place: who may see a need, in which
// capacity a caller acts on it, and who may read contacts unmasked.
import { ADMIN_ROLES, hasAnyRole, OVERSIGHT_ROLES, SERVICE_STAFF_ROLES, type Actor, type NeedAction, type Role } from '@qi/shared';
import { fail } from '../errors';
import type { Params } from '../db/sql';
import type { Principal } from './principal';

export const has = (p: Principal, role: Role): boolean => p.roles.includes(role);

/** Managers and supervisors: every need and complaint, the PII log. */
export const oversees = (p: Principal): boolean => hasAnyRole(p.roles, OVERSIGHT_ROLES);

/** Managers: complaints, time limits, the calendar, stations. */
export const administers = (p: Principal): boolean => hasAnyRole(p.roles, ADMIN_ROLES);

/** The platform's service staff (specialists, managers). */
export const isServiceStaff = (roles: readonly Role[]): boolean => hasAnyRole(roles, SERVICE_STAFF_ROLES);

/** A provider account tied to an institution or an expert: the holder of tasks. */
export function requireProvider(p: Principal): void {
  if (!has(p, 'provider') || (!p.institutionId && !p.expertId)) {
    fail('forbidden', '只有服务机构或专家账号可以查看服务任务');
  }
}

/** Refuses (403) a caller who is not a manager, with the Chinese message of what it tried. */
export function requireAdmin(p: Principal, message: string): void {
  if (!administers(p)) fail('forbidden', message);
}

/** Refuses (403) a caller who does not oversee. */
export function requireOversight(p: Principal, message: string): void {
  if (!oversees(p)) fail('forbidden', message);
}

/**
 * A SQL condition over `needs n` selecting the needs the caller may see.
 * Its values are added to `params`.
 */
export function needVisibility(p: Principal, params: Params): string {
  if (oversees(p)) return 'true';
  const ors: string[] = [];
  const param = (v: unknown) => params.add(v);
  if (has(p, 'enterprise') && p.enterpriseId) ors.push(`n.enterprise_id = ${param(p.enterpriseId)}`);
  if (has(p, 'specialist')) {
    ors.push(`n.owner_id = ${param(p.id)}`);
    ors.push(...queueConditions(p, params));
  }
  if (has(p, 'provider') && (p.institutionId || p.expertId)) {
    ors.push(
      `EXISTS (SELECT 1 FROM tasks t WHERE t.need_id = n.id AND (t.institution_id = ${param(p.institutionId)} OR t.expert_id = ${param(p.expertId)}))`,
    );
  }
  return ors.length ? `(${ors.join(' OR ')})` : 'false';
}

/** The facts about one need that decide the caller's relation to it. */
export interface NeedRelationFacts {
  enterpriseId: string;
  stationId: string | null;
  ownerId: string | null;
  /** Institutions and experts holding a task on it (any state). */
  taskInstitutionIds: string[];
  taskExpertIds: string[];
}

/** The capacities in which the caller acts on this need (role + relation). */
export function actorsOn(p: Principal, n: NeedRelationFacts): Actor[] {
  const actors: Actor[] = [];
  if (has(p, 'enterprise') && p.enterpriseId === n.enterpriseId) actors.push('enterprise');
  if (has(p, 'specialist') && servesQueue(p, n)) actors.push('specialist');
  if (has(p, 'provider') && isTaskHolder(p, n)) actors.push('provider');
  if (has(p, 'manager')) actors.push('manager');
  if (has(p, 'supervisor')) actors.push('supervisor');
  return actors;
}

function servesQueue(p: Principal, n: NeedRelationFacts): boolean {
  return n.ownerId === p.id || inQueue(p, n.stationId);
}

/**
 * The queue rule: a need raised at a station is in the queue of the
 * specialists working at that station; one raised without a station, in the
 * queue of those working at a 服务中心.
 */
export function inQueue(p: Principal, stationId: string | null): boolean {
  return has(p, 'specialist') && (stationId ? p.stationIds.includes(stationId) : p.atCenter);
}

/** inQueue as SQL over `needs n`, for one specialist: the alternatives to OR together. */
function queueConditions(p: Principal, params: Params): string[] {
  const ors: string[] = [];
  if (p.stationIds.length) ors.push(`n.station_id = ANY(${params.add(p.stationIds)}::uuid[])`);
  if (p.atCenter) ors.push('n.station_id IS NULL');
  return ors;
}

function isTaskHolder(p: Principal, n: NeedRelationFacts): boolean {
  return (
    (p.institutionId !== null && n.taskInstitutionIds.includes(p.institutionId)) ||
    (p.expertId !== null && n.taskExpertIds.includes(p.expertId))
  );
}

/**
 * Contacts are shown unmasked to the enterprise itself and to the staff
 * serving it (its queue's specialists, providers with a task); every other
 * reader — managers, supervisors — sees them masked.
 */
export function contactAccess(actors: readonly Actor[]): 'own' | 'serving' | 'masked' {
  if (actors.includes('enterprise')) return 'own';
  if (actors.includes('specialist') || actors.includes('provider')) return 'serving';
  return 'masked';
}

/**
 * The capacities in which the caller acts on one task of a need: as its
 * provider (the task's institution, or the expert it was given to), or as the
 * specialist serving the need (who may cancel it). `onNeed` is actorsOn(need).
 */
export function actorsOnTask(
  p: Principal,
  onNeed: readonly Actor[],
  task: { institutionId: string | null; expertId: string | null },
): Actor[] {
  const actors: Actor[] = [];
  const holds =
    (p.institutionId !== null && task.institutionId === p.institutionId) || (p.expertId !== null && task.expertId === p.expertId);
  if (has(p, 'provider') && holds) actors.push('provider');
  if (onNeed.includes('specialist')) actors.push('specialist');
  return actors;
}

/** The capacities in which the caller handles complaints (the complaint machine's actors). */
export function actorsOnComplaint(p: Principal): Actor[] {
  return p.roles.filter((r) => OVERSIGHT_ROLES.includes(r));
}

/** Internal notes (内部备注) are for the platform's staff, not the enterprise or providers. */
export function seesInternalNotes(onNeed: readonly Actor[]): boolean {
  return onNeed.includes('specialist') || onNeed.includes('manager') || onNeed.includes('supervisor');
}

/** A SQL condition over `users u` selecting the provider staff of a task's institution or expert. */
export function taskProviders(institutionParam: string, expertParam: string): string {
  return `'provider' = ANY(u.roles) AND (u.institution_id = ${institutionParam} OR u.expert_id = ${expertParam})`;
}

/**
 * 首问负责: once a specialist owns a need, the other specialists may not act
 * on it — except to sign the record off as its reviewer (审核人), which the
 * owner may never do for their own need. Only the owner (or a manager) hands
 * a need over (转办). Returns the Chinese refusal, or null.
 */
export function ownershipRefusal(
  p: Principal,
  role: Actor,
  action: NeedAction,
  owner: { id: string | null; name: string | null },
): string | null {
  if (action === 'sign_off') {
    return owner.id === p.id ? '审核人不能是需求负责人本人，请由其他服务专员或运营管理人员审核' : null;
  }
  // 转办: the owner hands over what it owns; a manager may route any need.
  if (action === 'transfer') {
    return role === 'specialist' && owner.id !== p.id && !has(p, 'manager') ? '只有需求负责人或运营管理人员可以转办该需求' : null;
  }
  if (role === 'specialist' && owner.id && owner.id !== p.id) {
    return `该需求已由${owner.name ?? '其他服务专员'}受理并负责（首问负责）`;
  }
  return null;
}

/** A specialist working at this station: its desk sees the station's check-ins (到站登记) to greet visitors. */
export function worksAtStation(p: Principal, stationId: string): boolean {
  return has(p, 'specialist') && p.stationIds.includes(stationId);
}
