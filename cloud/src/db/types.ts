// The Db contract shared by the three drivers (pg, @vercel/postgres, PGlite),
// plus the small runtime pieces they share: value conventions, error shape,
// the "only tx inside a transaction" guard and the adapter over a pg-style pool.
//
// Value conventions (identical on every driver; pinned by tests/cloud/db-drivers.test.ts):
//   date           -> 'YYYY-MM-DD' string (date[] -> string[])
//   timestamptz    -> JS Date            (timestamp without time zone: avoid, use timestamptz)
//   int2/int4/oid  -> number, float4/float8 -> number
//   int8, numeric  -> string (also their arrays). Do not return them: cast counts with
//                     `count(*)::int`, use uuid/text ids.
//   json/jsonb     -> parsed value. As a parameter pass `JSON.stringify(value)`: pg turns a
//                     JS array into a Postgres array literal, not JSON.
//   text[] etc.    -> JS arrays (arrays of enums created by migrations: cast to text[])
//   bool           -> boolean, null -> null, bytea -> Buffer, interval -> string
// Placeholders are always $1, $2, ...; never interpolate values into SQL text.

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * `prepared`: the statement is prepared once per connection and its plan kept (pg;
 * PGlite and @vercel/postgres plan every time). For the hot statements of every request
 * (the caller's load, the rate limits, need creation), whose planning costs more than
 * their execution; only for a statement whose plan does not depend on its values (a
 * kept plan is generic), and whose text is one of a few.
 */
export interface QueryOptions {
  prepared?: boolean;
}

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  /**
   * Runs a multi-statement script without parameters (simple query protocol), e.g. a
   * migration file. Must not contain BEGIN/COMMIT: it runs inside the caller's transaction.
   */
  exec?(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly driver: 'pg' | 'vercel' | 'pglite';
  /**
   * BEGIN; fn(tx); COMMIT — or ROLLBACK and rethrow when fn throws. Inside fn use only `tx`:
   * calling the Db itself there throws (on PGlite, one connection, it would deadlock).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * One statement that commits by itself (no BEGIN), then the WAL flushed (FLUSH_COMMITTED_SQL, a
   * flush shared with concurrent callers) before it returns. With COMMIT_WITHOUT_FLUSH among its columns
   * (db/durable.ts) the row locks it takes go as it ends, with no round trip to the client before
   * the commit, and what it wrote is on disk when it returns.
   */
  queryDurably<T = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * The callback made its commit asynchronous (COMMIT_WITHOUT_FLUSH, db/durable.ts): after the
   * COMMIT the WAL is flushed (FLUSH_COMMITTED_SQL, a flush shared with concurrent callers) before transaction()
   * returns, so what it returns is on disk, while its row locks went at the COMMIT.
   */
  flushAfterCommit?: boolean;
  /**
   * Settings for this transaction alone (SET LOCAL), sent with its BEGIN in one round trip (on
   * PGlite, which has none to save, as statements of their own). The code's own constants:
   * names and values of letters, digits, `_` and `.` only.
   */
  settings?: Readonly<Record<string, string>>;
}

/** The SET LOCAL statements of `settings` (TransactionOptions.settings), checked to be plain words. */
export function setLocalStatements(settings: Readonly<Record<string, string>> = {}): string[] {
  return Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_][a-z0-9_.]*$/i.test(name) || !/^[a-z0-9_.]+$/i.test(value)) throw new Error(`not a plain setting: ${name} = ${value}`);
    return `SET LOCAL ${name} = '${value}'`;
  });
}

/** A statement that commits synchronously with a transaction id: its flush covers every commit before it. */
export const FLUSH_COMMITTED_SQL = `SELECT pg_logical_emit_message(true, 'qi.flush', '') IS NOT NULL AS flushed`;

export type DbDriver = Db['driver'];

/** An error from the database, with the SQLSTATE in `code` (e.g. '23505' unique_violation). */
export interface DbError extends Error {
  code: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export const PG_IN_FAILED_TRANSACTION = '25P02';
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';

// SQLSTATEs meaning "the database is not there right now" (a restart, a failover, a
// dropped connection), besides the whole class 08 (connection_exception).
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping, or pg_terminate_backend()
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);
// What Node's sockets say when the server cannot be reached or goes away.
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// What pg, pg-pool, @neondatabase/serverless and PGlite say when there is no usable connection.
const UNAVAILABLE_MESSAGES =
  /connection terminated|terminating connection|not queryable|timeout exceeded when trying to connect|connection timeout|query read timeout|cannot use a pool after calling end|websocket|socket hang up|pglite is closed/i;

/**
 * True when `err` says the database could not be reached or the connection was lost (as
 * opposed to a statement it refused): the request may succeed later, so the API answers
 * 503 with Retry-After. The one place that knows what each driver throws for it.
 */
export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 3 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string') {
    if (e.code.startsWith('08') && e.code.length === 5) return true;
    if (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code)) return true;
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // Node wraps a refused connection to several addresses in an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDbUnavailable(x, depth + 1))) return true;
  return e.cause !== undefined && isDbUnavailable(e.cause, depth + 1);
}

/** True when `err` came from Postgres (optionally: with this SQLSTATE). */
export function isDbError(err: unknown, code?: string): err is DbError {
  if (!(err instanceof Error)) return false;
  const c = (err as { code?: unknown }).code;
  if (typeof c !== 'string' || !/^[0-9A-Z]{5}$/.test(c)) return false;
  return code === undefined || c === code;
}

/**
 * Gives every driver's error the same shape: an Error whose `code` is the SQLSTATE (all
 * three drivers already set it; this guarantees it and keeps the original error object).
 */
export function normaliseDbError(err: unknown): unknown {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object') {
    const o = err as { message?: unknown; code?: unknown };
    const e = new Error(typeof o.message === 'string' ? o.message : 'database error') as Error & { code?: unknown };
    Object.assign(e, o);
    return e;
  }
  return new Error(String(err));
}

/** The error PGlite throws when COMMIT rolls back an aborted transaction; pg/vercel mirror it. */
export function transactionAbortedError(): DbError {
  const err = new Error('Transaction was rolled back instead of committed') as DbError;
  err.code = PG_IN_FAILED_TRANSACTION;
  return err;
}

// ---------------------------------------------------------------------------------------------
// Type parsing for pg-style drivers (pg and @neondatabase/serverless, which bundles pg).

export const OID = {
  INT8: 20,
  TEXT_ARRAY: 1009,
  INT8_ARRAY: 1016,
  DATE: 1082,
  DATE_ARRAY: 1182,
  INTERVAL: 1186,
  INTERVAL_ARRAY: 1187,
  NUMERIC: 1700,
  NUMERIC_ARRAY: 1231,
} as const;

type TypeParser = (value: string) => unknown;
type GetTypeParser = (oid: number, format?: 'text' | 'binary') => unknown;

const identity = (value: string): string => value;

/**
 * A per-pool `types` object (pg's CustomTypesConfig) that applies the conventions above on top
 * of the driver's own parsers, without touching the driver's global type registry.
 */
export function pgTypeOverrides(base: { getTypeParser: GetTypeParser }): { getTypeParser: GetTypeParser } {
  const asTextArray = base.getTypeParser(OID.TEXT_ARRAY, 'text') as TypeParser;
  const overrides = new Map<number, TypeParser>([
    [OID.DATE, identity],
    [OID.DATE_ARRAY, asTextArray],
    [OID.INT8, identity],
    [OID.INT8_ARRAY, asTextArray],
    [OID.NUMERIC, identity],
    [OID.NUMERIC_ARRAY, asTextArray],
    [OID.INTERVAL, identity],
    [OID.INTERVAL_ARRAY, asTextArray],
  ]);
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if ((format ?? 'text') === 'text') {
        const parser = overrides.get(oid);
        if (parser) return parser;
      }
      return base.getTypeParser(oid, format);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// "Inside a transaction use only tx": one guard per Db.

export interface TxGuard {
  /** Runs fn marked as inside this Db's transaction. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws when called from inside this Db's transaction callback. */
  assertOutside(what: string): void;
}

export function createTxGuard(driver: DbDriver): TxGuard {
  const als = new AsyncLocalStorage<{ active: boolean }>();
  return {
    async run(fn) {
      const store = { active: true };
      try {
        return await als.run(store, fn);
      } finally {
        store.active = false; // work the callback left running must not count as "inside"
      }
    },
    assertOutside(what) {
      if (als.getStore()?.active) {
        throw new Error(
          `db.${what}() called inside db.transaction(): use the tx passed to the callback` +
            (driver === 'pglite' ? ' (PGlite has one connection: this would deadlock)' : ''),
        );
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Adapter over a pg-style pool (pg.Pool and @vercel/postgres' VercelPool share this API).

interface PgStyleResult {
  rows: unknown[];
  rowCount: number | null;
  command?: string;
}
/** A statement as pg takes it: named, it is prepared once per connection. */
interface PgStyleQuery {
  name?: string;
  text: string;
  values?: unknown[];
}
interface PgStyleClient {
  query(text: string | PgStyleQuery, params?: unknown[]): Promise<PgStyleResult>;
  release(err?: Error | boolean): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}
export interface PgStylePool {
  query(text: string | PgStyleQuery, params?: unknown[]): Promise<PgStyleResult>;
  connect(): Promise<PgStyleClient>;
  end(): Promise<void>;
  on(event: 'connect', listener: (client: PgStyleClient) => void): unknown;
}

function toResult<T>(res: PgStyleResult | PgStyleResult[]): QueryResult<T> {
  // A multi-statement text without params yields one result per statement: keep the last.
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  const rows = (last?.rows ?? []) as T[];
  return { rows, rowCount: last?.rowCount ?? rows.length };
}

const statementNames = new Map<string, string>();

/** The statement as pg's query takes it: under a name given by its text when it is to be prepared. */
function toPgQuery(text: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined): PgStyleQuery {
  const values = params ? [...params] : undefined;
  if (!opts?.prepared) return { text, values };
  let name = statementNames.get(text);
  if (!name) {
    name = `qi_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

async function run<T>(q: () => Promise<PgStyleResult | PgStyleResult[]>): Promise<QueryResult<T>> {
  try {
    return toResult<T>(await q());
  } catch (err) {
    throw normaliseDbError(err);
  }
}

/**
 * Flushes the WAL for concurrent callers together (group commit): one flush runs at a time and
 * covers every commit that returned before it started; a caller arriving while one runs (its
 * commit may be after that flush began) waits for the next, which all such callers share.
 */
export function sharedFlush(flushOnce: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const flush: Promise<void> = flushOnce().then(
      () => undefined,
      (err: unknown) => {
        throw normaliseDbError(err);
      },
    );
    running = flush;
    void flush
      .catch(() => undefined)
      .finally(() => {
        if (running === flush) running = null;
      });
    return flush;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}

export function createPoolDb(driver: 'pg' | 'vercel', pool: PgStylePool): Db {
  const guard = createTxGuard(driver);
  // Every connection keeps one 'error' listener for its whole life. The pool's own listeners
  // come and go as it hands a connection out and takes it back, and the server can report a
  // terminated backend (57P01) in a gap between them (seen under load when every backend was
  // terminated): an 'error' event with no listener ends the process. The pool still learns
  // of the failure from the statement that fails, or from its idle listener.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  let closed: Promise<void> | undefined;
  // Through @vercel/postgres the connections are a pooler's (PgBouncer, transaction mode), where a
  // statement prepared on one server connection may be executed on another: none is prepared there.
  const pgQuery = (text: string, params: readonly unknown[] | undefined, opts: QueryOptions | undefined) =>
    toPgQuery(text, params, driver === 'pg' ? opts : undefined);
  // The flush after an asynchronous commit, shared by the requests committed meanwhile (db/durable.ts).
  const flush = sharedFlush(() => pool.query(pgQuery(FLUSH_COMMITTED_SQL, undefined, { prepared: true })));
  return {
    driver,
    async query<T = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      guard.assertOutside('query');
      return run<T>(() => pool.query(pgQuery(text, params, opts)));
    },
    async exec(sql: string) {
      guard.assertOutside('exec');
      await run(() => pool.query(sql));
    },
    async queryDurably<T = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
      guard.assertOutside('queryDurably');
      const client = await pool.connect().catch((err: unknown) => {
        throw normaliseDbError(err);
      });
      // As in transaction(): a connection lost meanwhile is not reused (a failed statement leaves it fine).
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost ??= err;
      };
      client.on('error', onError);
      let result: QueryResult<T>;
      try {
        result = await run<T>(() => client.query(pgQuery(text, params, opts)));
      } finally {
        client.removeListener('error', onError);
        client.release(lost);
      }
      await flush();
      return result;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      guard.assertOutside('transaction');
      const client = await pool.connect().catch((err: unknown) => {
        throw normaliseDbError(err);
      });
      // A checked-out client is not covered by the pool's idle 'error' listener: without one
      // of its own, a connection lost mid-transaction (a restart, a failover, a cut network)
      // is an unhandled 'error' event and ends the process. The statement under way fails on
      // its own; this only records that the connection is gone, so it is not reused.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost ??= err;
        console.warn(`[db:${driver}] connection lost during a transaction: ${err.message}`);
      };
      client.on('error', onError);
      let released = false;
      const release = (err?: Error) => {
        if (released) return;
        released = true;
        client.removeListener('error', onError);
        // Given an error, the pool destroys the connection instead of reusing it.
        client.release(err ?? lost);
      };
      let done = false;
      const check = () => {
        if (done) throw new Error('transaction is finished: its tx can no longer be used');
      };
      const tx: Queryable = {
        async query<R = Record<string, unknown>>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
          check();
          return run<R>(() => client.query(pgQuery(text, params, opts)));
        },
        async exec(sql: string) {
          check();
          await run(() => client.query(sql));
        },
      };
      try {
        await run(() => client.query(['BEGIN', ...setLocalStatements(opts.settings)].join('; ')));
        const result = await guard.run(() => fn(tx));
        // A COMMIT that fails (the connection dropped while it was under way) throws: the
        // caller reports an error, never a success it cannot vouch for. Whether it took
        // effect is then unknown, which is what idempotency keys are for.
        const commit = await client.query('COMMIT').catch((e: unknown) => {
          throw normaliseDbError(e);
        });
        // A callback that caught a failed statement and returned normally leaves the
        // transaction aborted: Postgres answers COMMIT with ROLLBACK and no error. Fail
        // loudly, as PGlite does, instead of reporting a commit that did not happen.
        if (commit.command === 'ROLLBACK') throw transactionAbortedError();
        done = true;
        release();
        if (opts.flushAfterCommit) await flush();
        return result;
      } catch (err) {
        done = true;
        if (lost) {
          release(lost); // no ROLLBACK over a dead connection: the server rolls back by itself
        } else {
          try {
            await client.query('ROLLBACK');
            release();
          } catch (rollbackErr) {
            // The connection is unusable: destroy it rather than return it to the pool.
            release(rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr)));
          }
        }
        throw normaliseDbError(err);
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
