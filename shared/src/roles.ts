// Role sets both sides decide by: the server's policy (cloud/src/auth/policy.ts)
// and the mini-program's menus read the same lists.
import type { Role } from './enums';

/** Oversight: managers and supervisors see every need and complaint and the PII log; supervisors only look on. */
export const OVERSIGHT_ROLES: readonly Role[] = ['manager', 'supervisor'];

/** Roles that work in the staff subpackage (工作台). */
export const STAFF_ROLES: readonly Role[] = ['specialist', 'provider', 'manager', 'supervisor'];

/** The platform's own service staff: who can be named in a complaint about staff, and who may look enterprises up at the window. */
export const SERVICE_STAFF_ROLES: readonly Role[] = ['specialist', 'manager'];

/** Who handles complaints, keeps the time limits, the calendar and the stations. */
export const ADMIN_ROLES: readonly Role[] = ['manager'];

/** Whether any of `roles` is in `set`. */
export const hasAnyRole = (roles: readonly Role[], set: readonly Role[]): boolean => roles.some((r) => set.includes(r));
