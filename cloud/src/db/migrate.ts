// Migration runner: numbered plain SQL files (NNNN_name.sql), applied in name order, each in
// its own transaction together with its row in schema_migrations. Concurrent runners (two
// cold-starting functions, two test workers) are serialized by a transaction-scoped advisory
// lock taken inside each migration's transaction, after which the runner re-checks whether
// the file was recorded meanwhile. Works the same on pg, vercel and PGlite.
//
// A migration file must not contain BEGIN/COMMIT (it already runs inside a transaction), nor
// statements that cannot run in one (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE used
// in the same file, VACUUM).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './types';

export const MIGRATIONS_DIR: string = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Arbitrary constant identifying "this app's migrations" among advisory locks. */
const MIGRATION_LOCK_KEY = 7_135_200_417;

const FILE_PATTERN = /^\d{4}_[A-Za-z0-9_.-]+\.sql$/;

export interface MigrateResult {
  /** File names applied by this call, in order (files already recorded are skipped). */
  applied: string[];
}

async function lock(tx: Queryable): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
}

async function runScript(tx: Queryable, sql: string): Promise<void> {
  if (tx.exec) await tx.exec(sql);
  else await tx.query(sql);
}

async function listMigrations(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const ignored = names.filter((n) => n.endsWith('.sql') && !FILE_PATTERN.test(n));
  if (ignored.length > 0) {
    throw new Error(`migration files must be named NNNN_name.sql: ${ignored.join(', ')}`);
  }
  const files = names.filter((n) => FILE_PATTERN.test(n)).sort();
  const seen = new Map<string, string>();
  for (const f of files) {
    const num = f.slice(0, 4);
    const other = seen.get(num);
    if (other) throw new Error(`two migrations share the number ${num}: ${other}, ${f}`);
    seen.set(num, f);
  }
  return files;
}

export async function migrate(db: Db, dir: string | URL = MIGRATIONS_DIR): Promise<MigrateResult> {
  const folder = dir instanceof URL ? fileURLToPath(dir) : dir;
  const files = await listMigrations(folder);

  // CREATE TABLE IF NOT EXISTS races with itself on Postgres: take the lock for it too.
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });

  const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
  const recorded = new Set(rows.map((r) => r.name));

  const applied: string[] = [];
  for (const name of files) {
    if (recorded.has(name)) continue;
    const sql = await readFile(join(folder, name), 'utf8');
    const didApply = await db
      .transaction(async (tx) => {
        await lock(tx);
        // Another runner may have applied it while we waited for the lock.
        const again = await tx.query('SELECT 1 AS one FROM schema_migrations WHERE name = $1', [name]);
        if (again.rows.length > 0) return false;
        await runScript(tx, sql);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof Error) err.message = `migration ${name} failed: ${err.message}`;
        throw err;
      });
    if (didApply) applied.push(name);
  }
  return { applied };
}
