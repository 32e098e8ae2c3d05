// Typed calls by operationId, for tests that want the reply's type: the
// method and path come from the contract (the app's registry), the body's
// type from the shared schema the route declares for its success. The table
// names schemas only for types; tests/cloud/contract.test.ts checks that each
// entry is the very schema its route declares, so it cannot drift either.
import {
  ComplaintDetailSchema,
  ComplaintListSchema,
  LoginResultSchema,
  MeSchema,
  NeedDetailSchema,
  NeedPageSchema,
  NotificationPageSchema,
  StationSchema,
  TaskPageSchema,
  type ErrorBody,
} from '@qi/shared';
import type { z } from 'zod';

export const TYPED_OPERATIONS = {
  signInAsDemoPersona: LoginResultSchema,
  getMe: MeSchema,
  createNeed: NeedDetailSchema,
  listNeeds: NeedPageSchema,
  getNeed: NeedDetailSchema,
  actOnNeed: NeedDetailSchema,
  rateNeed: NeedDetailSchema,
  listTasks: TaskPageSchema,
  actOnTask: NeedDetailSchema,
  createComplaint: ComplaintDetailSchema,
  listComplaints: ComplaintListSchema,
  getComplaint: ComplaintDetailSchema,
  actOnComplaint: ComplaintDetailSchema,
  listNotifications: NotificationPageSchema,
  getStation: StationSchema,
} as const;

export type TypedOperationId = keyof typeof TYPED_OPERATIONS;
export type SuccessBody<K extends TypedOperationId> = z.output<(typeof TYPED_OPERATIONS)[K]>;

export interface CallOptions {
  token?: string;
  /** Fills the path template's `{name}` placeholders. */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A reply of a typed call: the success body, or the contract's error body. */
export type TypedResponse<K extends TypedOperationId> =
  { ok: true; status: number; headers: Headers; body: SuccessBody<K> } | { ok: false; status: number; headers: Headers; body: ErrorBody };
