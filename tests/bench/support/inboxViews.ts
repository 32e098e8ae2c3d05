// The inbox views the bench times and tests/cloud/inbox-plans.test.ts checks
// the plans of: every filter and sort, each search, over a filled table; and
// a recorder of the SQL the app runs for one request (the view's bare SQL).
import { setLocalStatements, type Db, type Queryable, type QueryOptions } from '../../../cloud/src/db/types';

export interface RecordedQuery {
  text: string;
  params: readonly unknown[] | undefined;
  /** A transaction's setting (TransactionOptions.settings), sent with its BEGIN; `text` is its SET LOCAL. */
  setting?: [name: string, value: string];
}

/** Wraps `db` (the app's, in place) so that `record(fn)` returns the statements `fn` made it run. */
export function queryRecorder(db: Db): <T>(fn: () => Promise<T>) => Promise<RecordedQuery[]> {
  let recording: RecordedQuery[] | null = null;
  const transaction = db.transaction.bind(db);
  const query = db.query.bind(db);
  const wrap = (tx: Queryable): Queryable => ({
    ...tx,
    query: (text: string, params?: readonly unknown[], opts?: QueryOptions) => {
      recording?.push({ text, params });
      return tx.query(text, params, opts);
    },
  });
  // A transaction's settings are sent with its BEGIN: recorded as the SET LOCAL statements they are.
  db.transaction = (fn, opts) =>
    transaction((tx) => {
      for (const [name, value] of Object.entries(opts?.settings ?? {})) {
        recording?.push({ text: setLocalStatements({ [name]: value })[0]!, params: undefined, setting: [name, value] });
      }
      return fn(wrap(tx));
    }, opts);
  db.query = (text, params, opts) => {
    recording?.push({ text, params });
    return query(text, params, opts);
  };
  return async (fn) => {
    recording = [];
    try {
      await fn();
      return recording;
    } finally {
      recording = null;
    }
  };
}

/** A view's own statements: over needs, the kept counts, the station names, the enterprises searched. */
export const isViewSql = (text: string): boolean =>
  /SET LOCAL random_page_cost|FROM needs n|need_counts|need_category_counts|FROM stations WHERE id = ANY|FROM enterprises WHERE name ILIKE/.test(
    text,
  );

/** What the views search for and filter by, picked from the filled table. */
export interface ViewPicks {
  number: string;
  stationId: string | null;
  enterprise: string;
  /** The start of that name, its city and trade name (字号): a few enterprises' (the fill's) share it. */
  tradeName: string;
  title: string;
}

export async function pickForViews(db: Db): Promise<ViewPicks> {
  const { rows } = await db.query<{ number: string; station_id: string | null; ent: string; region: string | null; title: string }>(
    `SELECT n.number, (SELECT id FROM stations WHERE kind <> 'center' ORDER BY code LIMIT 1) AS station_id, e.name AS ent, e.region, n.title
       FROM needs n JOIN enterprises e ON e.id = n.enterprise_id
      ORDER BY n.created_at DESC LIMIT 1 OFFSET (SELECT count(*) / 2 FROM needs)`,
  );
  const r = rows[0];
  return r
    ? {
        number: r.number,
        stationId: r.station_id,
        enterprise: r.ent,
        tradeName: r.ent.slice(0, (r.region ?? '').length + 3),
        title: r.title,
      }
    : {
        number: 'QS-20260101-00001',
        stationId: null,
        enterprise: '海口椰风食品有限公司',
        tradeName: '海口椰风',
        title: '椰子汁出口检测咨询',
      };
}

/** [name, query string] of every inbox view. */
export function inboxViews(p: ViewPicks): [string, string][] {
  const enc = encodeURIComponent;
  return [
    ['newest', ''],
    ['state=open', 'state=open'],
    ['state=submitted', 'state=submitted'],
    ['state=in_service', 'state=in_service'],
    ['state=closed', 'state=closed'],
    ['state=rejected', 'state=rejected'],
    ['category=testing', 'category=testing'],
    ['category=metrology', 'category=metrology'],
    ...(p.stationId ? ([['stationId', `stationId=${p.stationId}`]] as [string, string][]) : []),
    ['channel=phone', 'channel=phone'],
    ['channel=visit', 'channel=visit'],
    ['mine', 'mine=true'],
    ['due=overdue', 'due=overdue'],
    ['due=due_soon', 'due=due_soon'],
    ['sort=deadline', 'sort=deadline'],
    ['sort=deadline&state=closed', 'sort=deadline&state=closed'],
    ['sort=deadline&state=open', 'sort=deadline&state=open'],
    ['sort=deadline&channel=phone', 'sort=deadline&channel=phone'],
    ['sort=deadline&due=overdue', 'sort=deadline&due=overdue'],
    ['q=number (exact)', `q=${enc(p.number)}`],
    ['q=number (a day, prefix)', `q=${enc(p.number.slice(0, 11))}`],
    ['q=title words', `q=${enc(p.title.slice(0, 5))}`],
    ['q=title words, rare', `q=${enc('批次1234')}`],
    ['q=enterprise name', `q=${enc(p.enterprise)}`],
    ['q=enterprise trade name', `q=${enc(p.tradeName)}`],
  ];
}
