// The SQL toolkit every query builds on: one placeholder builder, enum values
// as SQL literals (from the shared enums, never typed out in the text), one
// keyset pager, and the snake_case → camelCase row mapping.
import { ApiError } from '../errors';

/** Collects a query's parameters; `add` returns the placeholder of the value it took. */
export class Params {
  readonly values: unknown[];
  constructor(...initial: unknown[]) {
    this.values = [...initial];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * An enum value as a SQL literal. Only code-like values (a–z, 0–9, _) pass,
 * so a value from the shared enums can never break out of its quotes.
 */
export function literal(value: string): string {
  if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`not an enum value: ${value}`);
  return `'${value}'`;
}

/** `expr IN ('a', 'b')` over enum values (a state set from shared/). */
export const isIn = (expr: string, values: readonly string[]): string => `${expr} IN (${values.map(literal).join(', ')})`;

/** `expr = 'a'` for one enum value. */
export const is = (expr: string, value: string): string => `${expr} = ${literal(value)}`;

// ---- keyset paging ---------------------------------------------------------------

const SEP = '|';

/** An instant as the server writes it (toISOString): anything else could be a Postgres error. */
export const isTimestamp = (s: string): boolean =>
  s >= '1900' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(s) &&
  !Number.isNaN(Date.parse(s)) &&
  new Date(s).toISOString().slice(0, 19) === s.slice(0, 19);
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);
export const isDate = (s: string): boolean =>
  s >= '1900' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A small count (an ordinal). */
export const isInt8 = (s: string): boolean => /^\d{1,15}$/.test(s);

const CHECKS = { timestamptz: isTimestamp, uuid: isUuid, date: isDate, int8: isInt8 } as const;
type KeyType = keyof typeof CHECKS;

/** One column of a sort key: its SQL expression and its type (which the cursor's part must parse as). */
export interface KeyColumn<R> {
  sql: string;
  type: KeyType;
  /** The row's value of this column, as the next cursor carries it. */
  of: (row: R) => string;
}

/**
 * A keyset order: `columns` all ascending or all descending. The cursor is
 * the sort key of the last row shown, as opaque base64url text; one that does
 * not decode to the key's shape is the caller's error (400), never a 500.
 */
export class Keyset<R> {
  constructor(
    private readonly columns: readonly KeyColumn<R>[],
    private readonly direction: 'asc' | 'desc',
  ) {}

  get orderBy(): string {
    return this.columns.map((c) => `${c.sql} ${this.direction.toUpperCase()}`).join(', ');
  }

  /** The condition "after the cursor", or null on the first page. */
  after(params: Params, cursor: string | undefined): string | null {
    if (!cursor) return null;
    const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(SEP);
    if (parts.length !== this.columns.length || !this.columns.every((c, i) => CHECKS[c.type](parts[i]!))) {
      throw new ApiError('validation_failed', '分页游标无效，请从第一页重新加载', [{ path: 'cursor', message: '分页游标无效' }]);
    }
    const left = this.columns.map((c) => c.sql).join(', ');
    const values = this.columns.map((c, i) => `${params.add(parts[i])}::${c.type}`);
    // "After the cursor" as "from the cursor on, but not its row": the planner estimates a row
    // comparison by its first column alone, and a strict one from a large run of equal first
    // keys (needs without a running deadline) as leaving no rows, so the plan would read the
    // whole run to sort it instead of walking the index.
    const row = values.join(', ');
    return `(${left}) ${this.direction === 'desc' ? '<=' : '>='} (${row}) AND (${left}) <> (${row})`;
  }

  /** `LIMIT` one more than the page, to learn whether a next page exists. */
  limit(params: Params, pageSize: number): string {
    return `LIMIT ${params.add(pageSize + 1)}`;
  }

  /** The page and the cursor to the next one, from rows read with `limit`. */
  page(rows: R[], pageSize: number): { page: R[]; nextCursor: string | null } {
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > pageSize && last ? Buffer.from(this.columns.map((c) => c.of(last)).join(SEP)).toString('base64url') : null;
    return { page, nextCursor };
  }
}

/** The common key: newest first by a timestamp column, then the id. */
export function newestFirst<R extends { id: string }>(table: string, column: string, of: (row: R) => Date): Keyset<R> {
  return new Keyset<R>(
    [
      { sql: `${table}.${column}`, type: 'timestamptz', of: (r) => of(r).toISOString() },
      { sql: `${table}.id`, type: 'uuid', of: (r) => r.id },
    ],
    'desc',
  );
}

// ---- rows ----------------------------------------------------------------------

type Camel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
/** A row's type with its snake_case column names as camelCase keys. */
export type Camelized<R> = { [K in keyof R as K extends string ? Camel<K> : K]: R[K] };

/** Renames a row's snake_case columns to camelCase (values untouched). */
export function camelize<R extends object>(row: R): Camelized<R> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as Camelized<R>;
}
