// Opaque cursors for keyset paging: the sort key of the last row shown, as
// base64url text. A cursor that does not decode to the expected shape is the
// caller's error (400), never a server error.
import { ApiError } from '../errors';

const SEP = '|';

export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(parts.join(SEP)).toString('base64url');
}

/**
 * Decodes a cursor into its parts, checking each with `checks` (one per part,
 * in order): a wrong count or a failed check answers 400.
 */
export function decodeCursor(cursor: string, checks: readonly ((part: string) => boolean)[]): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(SEP);
  if (parts.length !== checks.length || !checks.every((ok, i) => ok(parts[i]!))) {
    throw new ApiError('validation_failed', '分页游标无效，请从第一页重新加载', [{ path: 'cursor', message: '分页游标无效' }]);
  }
  return parts;
}

/** An instant as the server writes it (toISOString): anything else could be a Postgres error. */
export const isTimestamp = (s: string): boolean =>
  s >= '1900' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(s) &&
  !Number.isNaN(Date.parse(s)) &&
  new Date(s).toISOString().slice(0, 19) === s.slice(0, 19);
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s);
export const isDate = (s: string): boolean =>
  s >= '1900' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
