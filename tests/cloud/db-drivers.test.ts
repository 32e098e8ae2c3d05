// One suite, three drivers: pg, @vercel/postgres (through a local WebSocket proxy) and PGlite
// must behave the same. pg and vercel need DATABASE_URL; without it they are skipped with a
// message, except under CI=true, where that is a failure.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, dbConfigFromEnv } from '../../cloud/src/db/index';
import { migrate } from '../../cloud/src/db/migrate';
import type { Db, DbDriver, Queryable } from '../../cloud/src/db/types';
import { createTestDbWithDriver, testDatabaseUrl, type TestDb } from '../support/db';

const DRIVERS: DbDriver[] = ['pg', 'vercel', 'pglite'];
const serverUrl = testDatabaseUrl();
const underCi = process.env.CI === 'true';

if (!serverUrl && !underCi) {
  console.log('[db-drivers] DATABASE_URL is not set: skipping the pg and vercel drivers, testing PGlite only');
}

async function withMigrations<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'qi-migrations-'));
  try {
    for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return rows[0]?.found === true;
}

async function recordedMigrations(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return rows.map((r) => r.name);
}

describe.each(DRIVERS)('the %s driver', (driver) => {
  if (driver !== 'pglite' && !serverUrl) {
    if (underCi) {
      it('has a PostgreSQL server to run against (CI=true requires DATABASE_URL)', () => {
        throw new Error(`CI=true but DATABASE_URL is not set: the ${driver} driver cannot be tested`);
      });
    } else {
      it.skip(`needs DATABASE_URL (not set: ${driver} skipped)`, () => undefined);
    }
    return;
  }

  let t: TestDb;
  let db: Db;
  const fresh: TestDb[] = [];
  /** A database of its own, for tests that need an empty schema (migrations). */
  const freshDb = async (): Promise<Db> => {
    const f = await createTestDbWithDriver(driver);
    fresh.push(f);
    return f.db;
  };

  beforeAll(async () => {
    t = await createTestDbWithDriver(driver);
    db = t.db;
    await db.exec(`
      CREATE TABLE items (id text PRIMARY KEY, label text NOT NULL);
      CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL);
    `);
  });

  afterAll(async () => {
    await Promise.all(fresh.map((f) => f.drop()));
    await t?.drop();
  });

  it('reports which driver it is', () => {
    expect(db.driver).toBe(driver);
  });

  it('runs a parameterised query and returns its rows and rowCount', async () => {
    const res = await db.query<{ a: number; b: string }>('SELECT $1::int AS a, $2::text AS b', [41, 'x']);
    expect(res.rows).toEqual([{ a: 41, b: 'x' }]);
    expect(res.rowCount).toBe(1);
  });

  it('runs a prepared statement as any other, on every connection, in and out of transactions', async () => {
    const text = 'SELECT $1::int + 1 AS n, $2::text AS label';
    // More than the pool's connections, at once: each prepares it once, then executes it again.
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => db.query<{ n: number; label: string }>(text, [i, `p${i}`], { prepared: true })),
    );
    expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 25 }, (_, i) => ({ n: i + 1, label: `p${i}` })));
    const inTx = await db.transaction((tx) => tx.query<{ n: number }>(text, [41, 'tx'], { prepared: true }));
    expect(inTx.rows).toEqual([{ n: 42, label: 'tx' }]);
    const durable = await db.queryDurably<{ id: string }>('INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id', ['prep-1', 'x'], {
      prepared: true,
    });
    expect(durable.rows).toEqual([{ id: 'prep-1' }]);
    // A failure of a prepared statement is the database's error, as unprepared.
    await expect(
      db.query('INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id', ['prep-1', 'again'], { prepared: true }),
    ).rejects.toMatchObject({ code: '23505' });
  });
  it('reports affected rows as rowCount for writes', async () => {
    await db.query('INSERT INTO items (id, label) VALUES ($1, $2), ($3, $4)', ['rc1', 'a', 'rc2', 'b']);
    const res = await db.query("UPDATE items SET label = 'c' WHERE id LIKE 'rc%'");
    expect(res.rowCount).toBe(2);
  });

  it('maps column types to the same JS values', async () => {
    const { rows } = await db.query(`
      SELECT '2024-02-29'::date AS day,
             ARRAY['2024-01-01'::date] AS days,
             '2024-01-02T03:04:05.123Z'::timestamptz AS at,
             42::int4 AS i4,
             7::int2 AS i2,
             1.5::float8 AS f8,
             9007199254740993::int8 AS i8,
             1.50::numeric AS num,
             '{"a": [1, 2], "b": null}'::jsonb AS doc,
             '[1, "x"]'::json AS list,
             ARRAY['a', 'b,c', NULL] AS texts,
             true AS yes,
             false AS no,
             NULL::text AS nothing,
             'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid AS id`);
    const row = rows[0]!;
    expect(row).toEqual({
      day: '2024-02-29',
      days: ['2024-01-01'],
      at: new Date('2024-01-02T03:04:05.123Z'),
      i4: 42,
      i2: 7,
      f8: 1.5,
      i8: '9007199254740993',
      num: '1.50',
      doc: { a: [1, 2], b: null },
      list: [1, 'x'],
      texts: ['a', 'b,c', null],
      yes: true,
      no: false,
      nothing: null,
      id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    });
    expect(row.at).toBeInstanceOf(Date);
  });

  it('accepts dates, JSON text, arrays, booleans and null as parameters', async () => {
    const { rows } = await db.query(
      'SELECT $1::timestamptz AS at, $2::date AS day, $3::jsonb AS doc, $4::text[] AS tags, $5::bool AS flag, $6::text AS nothing',
      [new Date('2024-05-05T08:00:00Z'), '2024-05-06', JSON.stringify({ k: [1, 2] }), ['p', 'q'], false, null],
    );
    expect(rows[0]).toEqual({
      at: new Date('2024-05-05T08:00:00Z'),
      day: '2024-05-06',
      doc: { k: [1, 2] },
      tags: ['p', 'q'],
      flag: false,
      nothing: null,
    });
  });

  it('runs multi-statement scripts with exec', async () => {
    await db.exec(`
      CREATE TABLE exec_a (x int);
      INSERT INTO exec_a VALUES (1), (2);
      INSERT INTO exec_a SELECT x + 10 FROM exec_a;
    `);
    const { rows } = await db.query<{ total: number }>('SELECT sum(x)::int AS total FROM exec_a');
    expect(rows[0]?.total).toBe(26);
  });

  it('commits a transaction and returns its callback result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['commit-1', 'one']);
      await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['commit-2', 'two']);
      const { rows } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE id LIKE 'commit-%'");
      return rows[0]?.n;
    });
    expect(result).toBe(2);
    const { rows } = await db.query("SELECT id FROM items WHERE id LIKE 'commit-%' ORDER BY id");
    expect(rows).toEqual([{ id: 'commit-1' }, { id: 'commit-2' }]);
  });

  it('applies a transaction’s settings inside it alone, and refuses a setting that is not plain words', async () => {
    const settings = async (q: Queryable) =>
      (await q.query<{ c: string; m: string }>(`SELECT current_setting('random_page_cost') AS c, current_setting('work_mem') AS m`))
        .rows[0]!;
    const before = await settings(db);
    expect(await db.transaction((tx) => settings(tx), { settings: { random_page_cost: '1.1', work_mem: '8MB' } })).toEqual({
      c: '1.1',
      m: '8MB',
    });
    expect(await settings(db)).toEqual(before);
    await expect(db.transaction((tx) => settings(tx), { settings: { random_page_cost: '1; DROP TABLE items' } })).rejects.toThrow(
      /not a plain setting/,
    );
    expect(await settings(db)).toEqual(before);
  });

  it('rolls back when the callback throws, leaving no rows, and rethrows the same error', async () => {
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['rollback-1', 'x']);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { rows } = await db.query("SELECT id FROM items WHERE id LIKE 'rollback-%'");
    expect(rows).toEqual([]);
  });

  it('rejects a transaction whose COMMIT fails, leaving none of its rows', async () => {
    // A deferred constraint is checked at COMMIT: the callback returns normally, the commit fails.
    await db.exec(
      `CREATE TABLE IF NOT EXISTS deferred_once (id text, CONSTRAINT deferred_once_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
    );
    const err = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO deferred_once (id) VALUES ($1), ($1)', ['twice']);
        return 'reported as done';
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505' });
    const { rows } = await db.query('SELECT id FROM deferred_once');
    expect(rows).toEqual([]);
  });

  it('serializes 20 concurrent counter increments into 1..20 with no gaps', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>(
            `INSERT INTO counters (name, n) VALUES ($1, 1)
             ON CONFLICT (name) DO UPDATE SET n = counters.n + 1
             RETURNING n`,
            ['concurrency'],
          );
          return rows[0]!.n;
        }),
      ),
    );
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("surfaces a unique violation as an error with code '23505'", async () => {
    await db.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['dup', 'first']);
    const err = await db.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['dup', 'again']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505' });
  });

  it("surfaces a unique violation inside a transaction with code '23505' and rolls it back", async () => {
    await db.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['dup-tx', 'first']);
    const err = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['dup-tx-other', 'x']);
        await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['dup-tx', 'again']);
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505' });
    const { rows } = await db.query('SELECT id FROM items WHERE id = $1', ['dup-tx-other']);
    expect(rows).toEqual([]);
  });

  it("fails with code '25P02' when the callback swallowed a failed statement, committing nothing", async () => {
    const err = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, label) VALUES ($1, $2)', ['swallowed-1', 'x']);
        await tx.query('SELECT 1 / 0').catch(() => undefined);
        return 'done';
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '25P02' });
    const { rows } = await db.query('SELECT id FROM items WHERE id = $1', ['swallowed-1']);
    expect(rows).toEqual([]);
  });

  it('runs one statement that commits by itself, asynchronously, then flushed (queryDurably)', async () => {
    const { rows } = await db.queryDurably<{ id: string; off: string }>(
      `WITH i AS (INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id)
       SELECT i.id, set_config('synchronous_commit', 'off', true) AS off FROM i`,
      ['durable-1', 'x'],
    );
    expect(rows).toEqual([{ id: 'durable-1', off: 'off' }]);
    // committed (no transaction left open), and the setting went with its own transaction
    expect((await db.query('SELECT label FROM items WHERE id = $1', ['durable-1'])).rows).toEqual([{ label: 'x' }]);
    // a failed statement leaves nothing and the Db usable; concurrent ones count without gaps
    await expect(db.queryDurably('INSERT INTO items (id, label) VALUES ($1, $2)', ['durable-1', 'again'])).rejects.toMatchObject({
      code: '23505',
    });
    const counted = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.queryDurably<{ n: number }>(
          `INSERT INTO counters (name, n) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET n = counters.n + 1 RETURNING n`,
          ['durably'],
        ),
      ),
    );
    expect(counted.map((r) => r.rows[0]!.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const err = await db.transaction(() => db.queryDurably('SELECT 1')).catch((e: unknown) => e);
    expect(String(err)).toMatch(/use the tx/);
  });

  it('refuses the Db itself inside a transaction callback (only tx may be used there)', async () => {
    const err = await db
      .transaction(async () => {
        await db.query('SELECT 1');
      })
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/use the tx/);
  });

  describe('migrate', () => {
    const ORDERED = {
      '0010_third.sql': 'ALTER TABLE m_log ADD COLUMN extra text; INSERT INTO m_log (step) VALUES (3);',
      '0001_first.sql': 'CREATE TABLE m_log (seq serial PRIMARY KEY, step int NOT NULL);\nINSERT INTO m_log (step) VALUES (1);',
      '0002_second.sql': '-- depends on 0001\nINSERT INTO m_log (step) VALUES (2);\nCREATE INDEX m_log_step ON m_log (step);',
      'README.md': 'not a migration',
    };

    it('applies NNNN_name.sql files in name order and records each', async () => {
      const mdb = await freshDb();
      await withMigrations(ORDERED, async (dir) => {
        const { applied } = await migrate(mdb, dir);
        expect(applied).toEqual(['0001_first.sql', '0002_second.sql', '0010_third.sql']);
      });
      const { rows } = await mdb.query<{ step: number }>('SELECT step FROM m_log ORDER BY seq');
      expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
      expect(await recordedMigrations(mdb)).toEqual(['0001_first.sql', '0002_second.sql', '0010_third.sql']);
      const { rows: at } = await mdb.query<{ applied_at: Date }>('SELECT applied_at FROM schema_migrations');
      expect(at[0]?.applied_at).toBeInstanceOf(Date);
    });

    it('applies nothing when run a second time', async () => {
      const mdb = await freshDb();
      await withMigrations(ORDERED, async (dir) => {
        await migrate(mdb, dir);
        expect(await migrate(mdb, dir)).toEqual({ applied: [] });
      });
      const { rows } = await mdb.query<{ n: number }>('SELECT count(*)::int AS n FROM m_log');
      expect(rows[0]?.n).toBe(3);
    });

    it('applies only the new files when more are added later', async () => {
      const mdb = await freshDb();
      await withMigrations({ '0001_first.sql': ORDERED['0001_first.sql'] }, (dir) => migrate(mdb, dir));
      await withMigrations(ORDERED, async (dir) => {
        expect((await migrate(mdb, dir)).applied).toEqual(['0002_second.sql', '0010_third.sql']);
      });
    });

    it('applies each file once when two runners migrate concurrently', async () => {
      const mdb = await freshDb();
      await withMigrations(ORDERED, async (dir) => {
        const [a, b] = await Promise.all([migrate(mdb, dir), migrate(mdb, dir)]);
        expect([...a.applied, ...b.applied].sort()).toEqual(['0001_first.sql', '0002_second.sql', '0010_third.sql']);
      });
      const { rows } = await mdb.query<{ step: number }>('SELECT step FROM m_log ORDER BY seq');
      expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
      expect(await recordedMigrations(mdb)).toEqual(['0001_first.sql', '0002_second.sql', '0010_third.sql']);
    });

    it('leaves nothing of a failing migration behind and stops there', async () => {
      const mdb = await freshDb();
      const files = {
        '0001_ok.sql': 'CREATE TABLE m_ok (x int);',
        '0002_bad.sql': 'CREATE TABLE m_bad (x int);\nINSERT INTO m_bad VALUES (1);\nSELECT 1 / 0;',
        '0003_never.sql': 'CREATE TABLE m_never (x int);',
      };
      await withMigrations(files, async (dir) => {
        const err = await migrate(mdb, dir).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(String(err)).toMatch(/0002_bad\.sql/);
        expect(err).toMatchObject({ code: '22012' }); // division_by_zero
      });
      expect(await tableExists(mdb, 'm_ok')).toBe(true);
      expect(await tableExists(mdb, 'm_bad')).toBe(false);
      expect(await tableExists(mdb, 'm_never')).toBe(false);
      expect(await recordedMigrations(mdb)).toEqual(['0001_ok.sql']);
    });

    it('treats a missing migrations folder as nothing to apply', async () => {
      const mdb = await freshDb();
      expect(await migrate(mdb, join(tmpdir(), 'qi-no-such-migrations-dir'))).toEqual({ applied: [] });
    });
  });
});

describe('the pglite driver with a data folder', () => {
  it('keeps its data across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qi-pglite-'));
    try {
      const first = await createDb({ driver: 'pglite', dataDir });
      await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here');");
      await first.close();
      const second = await createDb({ driver: 'pglite', dataDir });
      try {
        expect((await second.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('dbConfigFromEnv', () => {
  it('lets DB_DRIVER win over the URLs', () => {
    expect(dbConfigFromEnv({ DB_DRIVER: 'pglite', POSTGRES_URL: 'postgres://a', DATA_DIR: '/d' })).toEqual({
      driver: 'pglite',
      dataDir: '/d',
    });
    expect(dbConfigFromEnv({ DB_DRIVER: 'pg', POSTGRES_URL: 'postgres://v', DATABASE_URL: 'postgres://p' })).toEqual({
      driver: 'pg',
      url: 'postgres://p',
    });
  });

  it('chooses vercel when POSTGRES_URL is set', () => {
    expect(dbConfigFromEnv({ POSTGRES_URL: 'postgres://v', DATABASE_URL: 'postgres://p' })).toEqual({
      driver: 'vercel',
      url: 'postgres://v',
    });
  });

  it('chooses pg when only DATABASE_URL is set', () => {
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://p' })).toEqual({ driver: 'pg', url: 'postgres://p' });
  });

  it('falls back to PGlite in ./.data/pglite', () => {
    expect(dbConfigFromEnv({})).toEqual({ driver: 'pglite', dataDir: './.data/pglite' });
  });

  it('reads the pool size and connect timeout, and refuses values that are not positive whole numbers', () => {
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://p', DB_POOL_MAX: '4', DB_CONNECT_TIMEOUT_MS: '2500' })).toEqual({
      driver: 'pg',
      url: 'postgres://p',
      poolMax: 4,
      connectTimeoutMs: 2500,
    });
    expect(() => dbConfigFromEnv({ DATABASE_URL: 'postgres://p', DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/);
    expect(() => dbConfigFromEnv({ DATABASE_URL: 'postgres://p', DB_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DB_CONNECT_TIMEOUT_MS/);
  });

  it('rejects an unknown DB_DRIVER', () => {
    expect(() => dbConfigFromEnv({ DB_DRIVER: 'mysql' })).toThrow(/DB_DRIVER/);
  });
});
