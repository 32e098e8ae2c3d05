// Embedded Postgres (WASM) through PGlite: the zero-setup driver for `npm start` and for tests
// without a server. PGlite is ONE connection: its own mutex runs one query or one whole
// transaction at a time, so concurrent transactions serialize (never interleave) here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  createTxGuard,
  FLUSH_COMMITTED_SQL,
  normaliseDbError,
  setLocalStatements,
  type Db,
  type QueryResult,
  type Queryable,
  type TransactionOptions,
} from './types';

const identity = (value: string): string => value;

// Same values as the pg-style drivers (see types.ts). Array types take their element's parser.
const parsers = {
  [types.DATE]: identity, // PGlite default: Date at UTC midnight
  [types.INT8]: identity, // PGlite default: number (or bigint when unsafe)
  [types.NUMERIC]: identity,
  [types.INTERVAL]: identity,
  [types.BYTEA]: (value: string) => Buffer.from(value.slice(2), 'hex'), // PGlite default: Uint8Array
};

interface PgliteResults {
  rows: unknown[];
  rowCount?: number;
  affectedRows?: number;
}

function toResult<T>(res: PgliteResults): QueryResult<T> {
  const rows = res.rows as T[];
  return { rows, rowCount: res.rowCount ?? res.affectedRows ?? rows.length };
}

async function run<T>(q: () => Promise<T>): Promise<T> {
  try {
    return await q();
  } catch (err) {
    throw normaliseDbError(err);
  }
}

/**
 * Postgres's shared buffers in the embedded database (PGLITE_SHARED_BUFFERS). Postgres allocates
 * and touches all of them at start: initdb's 128 MB were 128 MB of resident memory for a demo
 * database of a few megabytes. Pages beyond them are still read from the data folder's files,
 * through the operating system's cache.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '16MB';

export interface PgliteDbOptions {
  /** Postgres's `shared_buffers`, e.g. `16MB`, `128MB`. */
  sharedBuffers?: string;
}

/**
 * Makes a new data folder (initdb) in a short-lived child process. Run in this process,
 * initdb's own WebAssembly instance and the memory it grew stayed resident for the server's
 * whole life (about 500 MB more right after a first start); the child returns them on exit.
 */
function initDataDirApart(dir: string): void {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const { PGlite } = require(process.argv[1]);' +
    'PGlite.create({ dataDir: process.argv[2] }).then((p) => p.close()).catch((e) => { console.error(e); process.exit(1); });';
  const r = spawnSync(process.execPath, ['-e', script, entry, dir], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  // Left to the in-process initdb below when the child could not run (its message is kept).
  if (r.status !== 0) console.warn(`[db] creating the embedded database apart failed, creating it in this process: ${r.stderr || r.error}`);
}

/** `dataDir` undefined: in memory (gone on close). Otherwise the folder keeps the data. */
export async function createPgliteDb(dataDir?: string, opts: PgliteDbOptions = {}): Promise<Db> {
  let dir: string | undefined;
  if (dataDir !== undefined && !dataDir.startsWith('memory://')) {
    dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    initDataDirApart(dir);
  } else {
    dir = dataDir;
  }
  const sharedBuffers = opts.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS;
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) throw new Error(`PGLITE_SHARED_BUFFERS must be a size such as 16MB; got "${sharedBuffers}"`);
  const pglite = await PGlite.create({
    dataDir: dir,
    parsers,
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  const guard = createTxGuard('pglite');
  let closed: Promise<void> | undefined;

  const wrapTx = (tx: Transaction): Queryable => ({
    query: <R = Record<string, unknown>>(text: string, params?: readonly unknown[]) =>
      run(async () => toResult<R>(await tx.query<R>(text, params ? [...params] : undefined))),
    exec: (sql: string) =>
      run(async () => {
        await tx.exec(sql);
      }),
  });

  return {
    driver: 'pglite',
    async query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]) {
      guard.assertOutside('query');
      return run(async () => toResult<T>(await pglite.query<T>(text, params ? [...params] : undefined)));
    },
    async exec(sql: string) {
      guard.assertOutside('exec');
      await run(() => pglite.exec(sql));
    },
    async queryDurably<T = Record<string, unknown>>(text: string, params?: readonly unknown[]) {
      guard.assertOutside('queryDurably');
      const result = await run(async () => toResult<T>(await pglite.query<T>(text, params ? [...params] : undefined)));
      await run(() => pglite.query(FLUSH_COMMITTED_SQL));
      return result;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      guard.assertOutside('transaction');
      // PGlite's transaction: BEGIN, COMMIT (or ROLLBACK and rethrow), under its transaction
      // mutex; throws code 25P02 when the callback swallowed a failed statement.
      const settings = setLocalStatements(opts.settings);
      const result = await run(() =>
        pglite.transaction(async (tx) => {
          for (const s of settings) await tx.exec(s);
          return guard.run(() => fn(wrapTx(tx)));
        }),
      );
      if (opts.flushAfterCommit) await run(() => pglite.query(FLUSH_COMMITTED_SQL));
      return result;
    },
    close() {
      closed ??= pglite.close();
      return closed;
    },
  };
}
