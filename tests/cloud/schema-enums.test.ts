// The migrations' CHECK constraints against the shared enums: a state, a
// channel or a status added on one side only fails here, not in production
// (a value the code writes that the table refuses, or one the table allows
// that no code knows). The constraints are read from pg_constraint on a
// freshly migrated database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  COMPLAINT_STATES,
  COMPLAINT_TARGETS,
  EXPERT_TITLE_LEVELS,
  WECHAT_MESSAGE_STATUSES,
  NEED_STATES,
  PROVIDER_STATUSES,
  STATION_KINDS,
  TASK_STATES,
} from '@qi/shared';
import { migrate } from '../../cloud/src/db';
import { createTestDb, type TestDb } from '../support/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await migrate(t.db);
});
afterAll(() => t?.drop());

/** The values a CHECK (column IN (…)) / (column = ANY (ARRAY[…])) allows for `table.column`. */
async function allowed(table: string, column: string): Promise<string[]> {
  const { rows } = await t.db.query<{ def: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
      WHERE c.contype = 'c' AND r.relname = $1`,
    [table],
  );
  const defs = rows.map((r) => r.def).filter((d) => new RegExp(`\\(+${column}\\b[^,]*(= ANY|IN)`).test(d));
  expect(defs, `one CHECK on ${table}.${column}: ${rows.map((r) => r.def).join(' | ')}`).toHaveLength(1);
  return [...defs[0]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

const pairs: [string, string, readonly string[]][] = [
  ['needs', 'state', NEED_STATES],
  ['needs', 'channel', CHANNELS],
  ['tasks', 'state', TASK_STATES],
  ['complaints', 'state', COMPLAINT_STATES],
  ['complaints', 'target_kind', COMPLAINT_TARGETS],
  ['stations', 'kind', STATION_KINDS],
  ['institutions', 'status', PROVIDER_STATUSES],
  ['experts', 'status', PROVIDER_STATUSES],
  ['experts', 'title_level', EXPERT_TITLE_LEVELS],
  ['wechat_messages', 'status', WECHAT_MESSAGE_STATUSES],
];

describe('the tables allow exactly the values of the shared enums', () => {
  it.each(pairs)('%s.%s', async (table, column, values) => {
    expect((await allowed(table, column)).sort()).toEqual([...values].sort());
  });
});
