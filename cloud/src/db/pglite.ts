// Embedded Postgres (WASM) through PGlite: the zero-setup driver for `npm start` and for tests
// without a server. PGlite is ONE connection: its own mutex runs one query or one whole
// transaction at a time, so concurrent transactions serialize (never interleave) here.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  createTxGuard,
  FLUSH_COMMITTED_SQL,
  normaliseDbError,
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

/** `dataDir` undefined: in memory (gone on close). Otherwise the folder keeps the data. */
export async function createPgliteDb(dataDir?: string): Promise<Db> {
  let dir: string | undefined;
  if (dataDir !== undefined && !dataDir.startsWith('memory://')) {
    dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
  } else {
    dir = dataDir;
  }
  const pglite = await PGlite.create({ dataDir: dir, parsers, extensions: { pg_trgm } });
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
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      guard.assertOutside('transaction');
      // PGlite's transaction: BEGIN, COMMIT (or ROLLBACK and rethrow), under its transaction
      // mutex; throws code 25P02 when the callback swallowed a failed statement.
      const result = await run(() => pglite.transaction((tx) => guard.run(() => fn(wrapTx(tx)))));
      if (opts.flushAfterCommit) await run(() => pglite.query(FLUSH_COMMITTED_SQL));
      return result;
    },
    close() {
      closed ??= pglite.close();
      return closed;
    },
  };
}
