// Submitting a need: by the enterprise itself (mini-program, station QR), or
// recorded by a specialist at the window for an enterprise it names. Idempotent
// per Idempotency-Key: a retry finds the need its first attempt created (the
// key is claimed in the same statement or transaction as the need). The need,
// its number, deadlines and first event are written together, or not at all;
// the queue's specialists are told. A specialist recording a need for its own
// queue (受理并登记) accepts it in the same transaction: an accept event as 受理
// writes it, the clocks as for an accept, no queue notice.
//
// Submissions run side by side: the only row every submission of a day shares
// (the day's number counter) is written in the last statement, and an
// enterprise's own submission is one statement and no transaction: it loads
// the caller, counts the request against the rate limits (rateLimit.ts
// PendingCount), reads what the request needs (time limits, calendar stamp,
// enterprise, station), claims the key and writes the number, need, event and
// notifications, and commits by itself without waiting for the disk — the
// counter's row lock lasts that statement — then one flush, shared with
// concurrent submissions, before the reply (db/durable.ts). A need
// recorded at the window is one transaction (the enterprise found or
// registered first), its counter lock held from the last statement to COMMIT.
// The statistics are folded later (migration 0030).
// The reply is built from what the request knows, not read back (except after
// 受理并登记, which reads the accepted need back).
import { createHash, randomUUID } from 'node:crypto';
import {
  allowedNeedActions,
  decideNeedAction,
  desiredReplyByProblem,
  INITIAL_NEED_STATE,
  maskName,
  maskPhone,
  needClock,
  needDeadlines,
  STAFF_CHANNELS,
  toShanghaiDate,
  type Actor,
  type CreateNeedInput,
  type NeedDetail,
  type Role,
} from '@qi/shared';
import { actorsOn, contactAccess, has, isServiceStaff, ownershipRefusal } from '../../auth/policy';
import { principalOf, principalSelect, type Caller, type Principal, type PrincipalRow } from '../../auth/principal';
import { remember } from '../../boundedMap';
import { COMMIT_WITHOUT_FLUSH } from '../../db/durable';
import { is, literal } from '../../db/sql';
import type { Queryable, QueryResult } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { countedCte, OVER_RATE_LIMIT_SQLSTATE, refuseOverLimitSql, type PendingCount } from '../../rateLimit';
import { deliverMessages } from '../notifications';
import { capacityFor, CLOCK_RULES_COLUMNS, clockRulesFrom, loadNeedRow, toDetail, type ClockRulesReading } from '../needView';
import { effectOf } from './needEffects';
import { transitionNeed } from './transitionNeed';

// The parsed body's keys come out in the schema's order, so its JSON is canonical.
const requestHash = (input: CreateNeedInput): string => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** Finds the enterprise a specialist names at the window, or registers it. */
async function enterpriseForWindow(tx: Queryable, e: NonNullable<CreateNeedInput['enterprise']>): Promise<{ id: string; name: string }> {
  if (e.creditCode) {
    const { rows } = await tx.query<{ id: string; name: string }>(
      `INSERT INTO enterprises (name, credit_code) VALUES ($1, $2)
       ON CONFLICT (credit_code) DO UPDATE SET credit_code = EXCLUDED.credit_code
       RETURNING id, name`,
      [e.name, e.creditCode],
    );
    return rows[0]!;
  }
  const known = await tx.query<{ id: string; name: string }>(
    'SELECT id, name FROM enterprises WHERE name = $1 ORDER BY created_at LIMIT 1',
    [e.name],
  );
  if (known.rows[0]) return known.rows[0];
  const { rows } = await tx.query<{ id: string; name: string }>('INSERT INTO enterprises (name) VALUES ($1) RETURNING id, name', [e.name]);
  return rows[0]!;
}

interface Claim extends ClockRulesReading {
  claimed: boolean;
  enterprise_name: string | null;
  station_found: boolean;
}

/**
 * The specialists whose queue holds a need at station `$8` (NULL: the 服务中心's),
 * over `users u`: the SQL of policy.ts inQueue (kept equal by tests/cloud/need-create.test.ts).
 */
const IN_QUEUE = `'specialist' = ANY(u.roles) AND EXISTS (
  SELECT 1 FROM staff_stations ss JOIN stations s ON s.id = ss.station_id
   WHERE ss.user_id = u.id AND CASE WHEN $8::uuid IS NULL THEN ${is('s.kind', 'center')} ELSE ss.station_id = $8::uuid END)`;

/** What the request reads (time limits, calendar stamp, enterprise, station), once: `ent` and `station` are its placeholders. */
const readsSql = (ent: string, station: string) => `
  ${CLOCK_RULES_COLUMNS},
  (SELECT name FROM enterprises WHERE id = ${ent}) AS enterprise_name,
  (${station}::uuid IS NULL OR EXISTS (SELECT 1 FROM stations WHERE id = ${station}::uuid)) AS station_found`;

/**
 * The last statement: the day's next number (the counter row locked from here
 * to the commit), the need with it, its first event, and the queue's
 * notifications (none when `$23`: the recorder accepts it at once).
 * `claiming` (an enterprise's own submission): the statement also loads the
 * caller ($15), counts the request against the rate limits ($28 buckets, $29
 * window, $30 limits: countedCte), reads what the request needs (readsSql),
 * writes only when the time limits and the calendar stamp are those the
 * deadlines were computed from ($26, $27: this instance's last reading), the
 * caller is an enterprise account of enterprise $9 whose name is $20 (what
 * this instance last read of it) and the station exists, claims the
 * Idempotency-Key ($24, $25), and commits by itself; it answers one row in any
 * case, with what it read. Nothing is written when another request holds the
 * key; over a rate limit it fails (refuseOverLimitSql), undone whole.
 */
const writeNeedSql = (claiming: boolean) => `
WITH ${
  claiming
    ? `who AS (${principalSelect('u.id = $15::uuid')}
), cur AS (
  SELECT ${readsSql('$9', '$8')}, (SELECT row_to_json(who) FROM who) AS principal
), ${countedCte('$28', '$29')}, fresh AS (
  SELECT 1 FROM cur, who
   WHERE cur.station_found AND cur.limits IS NOT DISTINCT FROM $26::jsonb AND cur.calendar_stamp = $27
     AND ${literal('enterprise' satisfies Role)} = ANY(who.roles) AND who.enterprise_id = $9 AND coalesce(who.name_enc, '') = $20
), claim AS (
  INSERT INTO idempotency_keys (user_id, key, request_hash, need_id) SELECT $15, $24, $25, $1 FROM fresh
  ON CONFLICT (user_id, key) DO NOTHING RETURNING need_id
), `
    : ''
}seq AS (
  INSERT INTO need_number_counters (day, last_seq) ${claiming ? 'SELECT $2, 1 FROM claim' : 'VALUES ($2, 1)'}
  ON CONFLICT (day) DO UPDATE SET last_seq = need_number_counters.last_seq + 1
  RETURNING last_seq
), ent AS (
  SELECT name FROM enterprises WHERE id = $9
), n AS (
  INSERT INTO needs (id, number, state, title, description, categories, items, channel, station_id,
                     enterprise_id, applicant, contact_name_enc, contact_phone_enc, desired_reply_by,
                     attachments, created_by, recorder_id, submitted_on, accept_by, reply_by, created_at, updated_at)
  SELECT $1, need_number($2, seq.last_seq), ${literal(INITIAL_NEED_STATE)}, $3, $4, $5, $6, $7, $8, $9, coalesce($10, ent.name), $11, $12, $13,
         $14, $15, $16, $2, $17, $18, $19, $19
    FROM seq, ent
  RETURNING id, number, applicant
), ev AS (
  INSERT INTO need_events (need_id, at, actor_id, actor_name_enc, actor_role, action, from_state, to_state, note, data, internal)
  SELECT n.id, $19, $15, $20, $21, 'submit', NULL, ${literal(INITIAL_NEED_STATE)}, $22, '{}', false FROM n
  RETURNING id
), told AS (
  INSERT INTO notifications (user_id, need_id, task_id, kind, title, body)
  SELECT u.id, n.id, NULL, 'need_new', '新需求 ' || n.number, ent.name || '：' || $3
    FROM n, ent, users u
   WHERE u.id <> $15 AND NOT $23::boolean AND ${IN_QUEUE}
)
${
  claiming
    ? `SELECT cur.*, EXISTS (SELECT 1 FROM fresh) AS fresh, n.number, n.applicant, ev.id AS event_id,
       ${refuseOverLimitSql('$28', '$30')} AS over_limit, ${COMMIT_WITHOUT_FLUSH} AS commit_without_flush
  FROM cur LEFT JOIN (n CROSS JOIN ev) ON true`
    : 'SELECT n.number, n.applicant, ev.id AS event_id FROM n, ev'
}`;

const WRITE_CLAIMING_SQL = writeNeedSql(true);
const WRITE_SQL = writeNeedSql(false);

interface Written {
  number: string;
  applicant: string;
  event_id: string;
}

/** What an instance last read with a claiming write: the next submission's deadlines are computed from it, and checked by the write. */
const lastRead = new WeakMap<Deps, ClockRulesReading>();

/** What a claiming write checks of its caller: its enterprise and its name as the event signs it. */
interface Signer {
  enterpriseId: string | null;
  nameEnc: string;
}

/** What an instance last read of its enterprise callers (the claiming write checks it), the oldest forgotten first. */
const knownSigners = new WeakMap<Deps, Map<string, Signer>>();
const MAX_KNOWN_SIGNERS = 10_000;

function signersOf(deps: Deps): Map<string, Signer> {
  let m = knownSigners.get(deps);
  if (!m) knownSigners.set(deps, (m = new Map()));
  return m;
}

/** The need a key's first request created, as a retry with the same key and body gets it; null when the key is not known. */
async function replayIfKnown(deps: Deps, q: Queryable, p: Principal, key: string, hash: string) {
  const prior = await q.query<{ need_id: string; request_hash: string }>(
    'SELECT need_id, request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [p.id, key],
  );
  if (!prior.rows[0]) return null;
  if (prior.rows[0].request_hash !== hash) fail('idempotency_key_reused');
  const row = await loadNeedRow(q, prior.rows[0].need_id);
  return { need: await toDetail(deps, q, p, row!), replayed: true };
}

/** The need a key's first request created (the key is known: claimed by that request). */
const replay = async (deps: Deps, q: Queryable, p: Principal, key: string, hash: string) => (await replayIfKnown(deps, q, p, key, hash))!;

/**
 * Submits a need for `caller` (its principal loaded by the claiming write, or
 * when asked for); `pending`: the request's rate-limit count, which the
 * claiming write makes (else it is made before the transaction).
 */
export async function submitNeed(
  deps: Deps,
  caller: Caller,
  input: CreateNeedInput,
  idempotencyKey: string,
  pending?: PendingCount,
): Promise<{ need: NeedDetail; replayed: boolean }> {
  const asSpecialist = input.enterprise !== undefined;
  const channel = input.channel ?? (asSpecialist ? 'window' : input.stationId ? 'station_qr' : 'miniapp');
  const staffChannel = (STAFF_CHANNELS as readonly string[]).includes(channel);
  const hash = requestHash(input);
  const now = deps.now();
  const today = toShanghaiDate(now);
  const stationId = input.stationId ?? null;
  // Encrypting takes no database: done before the transaction.
  const contactNameEnc = deps.pii.encrypt(input.contactName);
  const contactPhoneEnc = deps.pii.encrypt(input.contactPhone);

  const needId = randomUUID();
  const actorsFor = (p: Principal, enterpriseId: string) =>
    actorsOn(p, { enterpriseId, stationId, ownerId: null, taskInstitutionIds: [], taskExpertIds: [] });
  /** Deadlines, the event's actor and the last statement's parameters, from what was read. */
  const prepare = async (q: Queryable, ctx: ClockRulesReading, enterpriseId: string | null, signer: string) => {
    const { limits, cal } = await clockRulesFrom(deps, q, ctx, today);
    if (input.desiredReplyBy) {
      const problem = desiredReplyByProblem(input.desiredReplyBy, today, limits, cal);
      if (problem) fail('rule_violation', problem, [{ path: 'desiredReplyBy', message: problem }]);
    }
    const d = needDeadlines({ submittedOn: today, desiredReplyBy: input.desiredReplyBy ?? null }, limits, cal);
    const role: Actor = asSpecialist ? 'specialist' : 'enterprise';
    const note = asSpecialist ? '服务专员代企业登记' : null;
    const params = [
      needId,
      today,
      input.title,
      input.description,
      input.categories,
      input.items ?? [],
      channel,
      stationId,
      enterpriseId,
      input.applicant ?? null,
      contactNameEnc,
      contactPhoneEnc,
      input.desiredReplyBy ?? null,
      JSON.stringify(input.attachments ?? []),
      caller.id,
      asSpecialist ? caller.id : null,
      d.acceptBy,
      d.replyBy,
      now,
      signer,
      role,
      note,
    ];
    return { limits, cal, d, role, note, params };
  };

  // An enterprise's own submission, the common case: one statement loads the caller, counts the
  // request, reads what the request needs, claims the key and writes the need, and commits by
  // itself, so the day's counter row is locked from that statement to its commit only, with no
  // round trip to this process in between (db/durable.ts, Db.queryDurably). Its deadlines come
  // from what this instance read last, the caller's enterprise and signature from what it last
  // read of the caller; when any of it changed since, the statement writes nothing and answers
  // what it read, and the submission is computed again from that. A caller that is not an
  // enterprise account with its enterprise filled in goes on below, with the principal read.
  const ownSubmission = async (): Promise<{ need: NeedDetail; replayed: boolean } | { principal: Principal | null }> => {
    const signers = signersOf(deps);
    let signer: Signer = signers.get(caller.id) ?? { enterpriseId: null, nameEnc: '' };
    let ctx: ClockRulesReading =
      lastRead.get(deps) ??
      (await deps.db.query<ClockRulesReading>(`SELECT ${readsSql('$1', '$2')}`, [signer.enterpriseId, stationId], { prepared: true }))
        .rows[0]!;
    for (let attempt = 0; ; attempt++) {
      let prepared: Awaited<ReturnType<typeof prepare>>;
      try {
        prepared = await prepare(deps.db, ctx, signer.enterpriseId, signer.nameEnc);
      } catch (e) {
        // A retry of a submission that went through answers as its first attempt did, whatever today's rules say.
        const first = await replayIfKnown(deps, deps.db, await caller.principal(), idempotencyKey, hash);
        if (first) return first;
        throw e;
      }
      // The request is counted once, by its first statement (which settles it).
      const count = pending && !pending.settled ? pending : null;
      type Row = Omit<Claim, 'claimed'> & { fresh: boolean; principal: PrincipalRow | null } & Partial<Written>;
      const result: QueryResult<Row> = await deps.db
        .queryDurably<Row>(
          WRITE_CLAIMING_SQL,
          [
            ...prepared.params,
            false,
            idempotencyKey,
            hash,
            ctx.limits === null ? null : JSON.stringify(ctx.limits),
            ctx.calendar_stamp,
            count?.buckets ?? [],
            count?.windowStart ?? now,
            count?.limits ?? [],
          ],
          { prepared: true },
        )
        .catch((e: unknown) => {
          // Over a limit: 429, nothing written.
          if (count && (e as { code?: unknown }).code === OVER_RATE_LIMIT_SQLSTATE) count.settle(true);
          throw e;
        });
      count?.settle(false);
      const { fresh, principal: row, number, applicant, event_id, ...read } = result.rows[0]!;
      lastRead.set(deps, { limits: read.limits, calendar_stamp: read.calendar_stamp });
      const p = principalOf(row);
      if (!p || !has(p, 'enterprise') || !p.enterpriseId) {
        signers.delete(caller.id);
        return { principal: p };
      }
      const current: Signer = { enterpriseId: p.enterpriseId, nameEnc: p.nameEnc };
      remember(signers, caller.id, current, MAX_KNOWN_SIGNERS);
      if (fresh) {
        // Nothing written: a request with the same key claimed it meanwhile (its statement has ended).
        if (!number) return replay(deps, deps.db, p, idempotencyKey, hash);
        const enterprise = { id: p.enterpriseId, name: read.enterprise_name! };
        const written = { number, applicant: applicant!, event_id: event_id! };
        return { need: reply(p, enterprise, prepared, contactAccess(actorsFor(p, p.enterpriseId)), written), replayed: false };
      }
      const signerChanged = current.enterpriseId !== signer.enterpriseId || current.nameEnc !== signer.nameEnc;
      if (!signerChanged && !read.station_found) {
        const first = await replayIfKnown(deps, deps.db, p, idempotencyKey, hash);
        if (first) return first;
        fail('rule_violation', '所选服务站点不存在');
      }
      // The caller, the time limits or the calendar changed since this instance last read them
      // (once is enough for each; a second change within the same moment would be another's, then tried again).
      if (attempt >= 3) throw new Error('the caller or the time limits kept changing while a need was written');
      signer = current;
      ctx = read;
    }
  };

  let p: Principal | null = null;
  if (!asSpecialist && !staffChannel) {
    const own = await ownSubmission();
    if ('need' in own) return own;
    p = own.principal;
  }
  p ??= await caller.principal();
  if (asSpecialist) {
    if (!has(p, 'specialist')) fail('forbidden', '只有服务专员可以代企业登记需求');
    if (!staffChannel) fail('rule_violation', '代企业登记的需求，渠道须为窗口、电话、走访、电子邮件或微信');
  } else {
    if (!has(p, 'enterprise')) {
      fail(
        has(p, 'specialist') ? 'rule_violation' : 'forbidden',
        has(p, 'specialist') ? '代企业登记需求时请填写企业名称（enterprise）' : '只有企业用户可以提交需求',
      );
    }
    if (!p.enterpriseId) fail('rule_violation', '请先在“我的”中完善企业信息，再提交需求');
    if (staffChannel) fail('rule_violation', '该受理渠道只能由服务专员登记');
  }
  // Written below in a transaction: counted first.
  await pending?.count();
  const principal = p;

  // Recorded at the window (the enterprise found or registered first) or read unmasked: one
  // transaction. The counter's row lock goes at the commit, not after its flush; the reply waits
  // for the flush (db/durable.ts).
  const { need, replayed, outbox } = await deps.db.transaction(
    async (tx): Promise<{ need: NeedDetail; replayed: boolean; outbox: string[] }> => {
      // Claim the key first: a concurrent retry with the same key waits here
      // until this transaction ends, then finds the need it created. The same
      // statement reads what the request needs, once.
      const { rows } = await tx.query<Claim>(
        `WITH claim AS (
         INSERT INTO idempotency_keys (user_id, key, request_hash, need_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING need_id
       )
       SELECT EXISTS (SELECT 1 FROM claim) AS claimed, ${readsSql('$5', '$6')},
              ${COMMIT_WITHOUT_FLUSH} AS commit_without_flush`,
        [principal.id, idempotencyKey, hash, needId, asSpecialist ? null : principal.enterpriseId, stationId],
      );
      const ctx = rows[0]!;
      if (!ctx.claimed) return { ...(await replay(deps, tx, principal, idempotencyKey, hash)), outbox: [] };
      if (!ctx.station_found) fail('rule_violation', '所选服务站点不存在');
      const enterprise = asSpecialist
        ? await enterpriseForWindow(tx, input.enterprise!)
        : { id: principal.enterpriseId!, name: ctx.enterprise_name! };
      const actors = actorsFor(principal, enterprise.id);
      const access = contactAccess(actors);
      // 受理并登记: a specialist recording a need for its own queue accepts it at once (one step, not two).
      const acceptsAtOnce = asSpecialist && actors.includes('specialist');
      if (access === 'serving' && !acceptsAtOnce) {
        // Staff shown the contact unmasked in the reply: audited as a read of the need (toSummaries does the same).
        await tx.query(`INSERT INTO pii_access_log (user_id, subject_kind, subject_id, purpose) VALUES ($1, 'need', $2, 'need_detail')`, [
          principal.id,
          needId,
        ]);
      }
      const prepared = await prepare(tx, ctx, enterprise.id, principal.nameEnc);
      const written = await tx.query<Written>(WRITE_SQL, [...prepared.params, acceptsAtOnce], { prepared: true });
      if (acceptsAtOnce) {
        // The accept as 受理 writes it (its effect, event and notices), a moment after the
        // submission so that the timeline orders the two events.
        const acceptedAt = new Date(now.getTime() + 1);
        const row = (await loadNeedRow(tx, needId))!;
        const accept = { action: 'accept', version: row.version } as const;
        const decision = decideNeedAction(row.state, 'accept', actors);
        if (!decision.ok) fail('transition_not_allowed', decision.message);
        const { limits, cal } = prepared;
        const ctx = { deps, tx, p: principal, row, role: 'specialist' as const, now: acceptedAt, today, limits, cal };
        const effect = await effectOf(ctx, accept);
        const outbox = await transitionNeed(deps, tx, row, {
          action: 'accept',
          by: principal,
          role: 'specialist',
          to: decision.ok ? decision.to : row.state,
          at: acceptedAt,
          ...effect,
        });
        return { need: await toDetail(deps, tx, principal, (await loadNeedRow(tx, needId))!), replayed: false, outbox };
      }
      return { need: reply(principal, enterprise, prepared, access, written.rows[0]!), replayed: false, outbox: [] };
    },
    { flushAfterCommit: true },
  );
  await deliverMessages(deps, outbox);
  return { need, replayed };

  /** The need as toDetail would show it to its creator, from what is known. */
  function reply(
    p: Principal,
    enterprise: { id: string; name: string },
    { limits, cal, d, role, note }: Awaited<ReturnType<typeof prepare>>,
    access: ReturnType<typeof contactAccess>,
    { number, applicant, event_id: eventId }: Written,
  ): NeedDetail {
    const actors = actorsFor(p, enterprise.id);
    const masked = access === 'masked';
    const ownName = openName(deps.pii, p.nameEnc);
    const deadlines = { acceptBy: d.acceptBy, replyBy: d.replyBy, rateBy: null };
    const noOwner = { id: null, name: null };
    return {
      id: needId,
      number,
      state: INITIAL_NEED_STATE,
      version: 1,
      title: input.title,
      description: input.description,
      categories: input.categories,
      items: input.items ?? [],
      channel,
      stationId,
      enterprise: { id: enterprise.id, name: enterprise.name },
      applicant,
      contactName: masked ? maskName(input.contactName) : input.contactName,
      contactPhone: masked ? maskPhone(input.contactPhone) : input.contactPhone,
      contactMasked: masked,
      desiredReplyBy: input.desiredReplyBy ?? null,
      createdAt: now.toISOString(),
      deadlines,
      clock: needClock(INITIAL_NEED_STATE, deadlines, today, limits, cal),
      attachments: input.attachments ?? [],
      owner: null,
      ownerStation: null,
      recorder: asSpecialist ? { id: p.id, name: ownName } : null,
      reviewer: null,
      servicePeriod: null,
      answer: null,
      result: null,
      rejectReason: null,
      referral: null,
      requestedInfo: [],
      events: [
        {
          id: eventId,
          at: now.toISOString(),
          actor: { id: p.id, name: ownName, role },
          action: 'submit',
          from: null,
          to: INITIAL_NEED_STATE,
          note,
          internal: false,
        },
      ],
      tasks: [],
      rating: null,
      // As toDetail has it for service staff: no rating link issued yet.
      ...(isServiceStaff(p.roles) ? { ratingLink: null } : {}),
      allowedActions: allowedNeedActions(INITIAL_NEED_STATE, actors, {
        openTasks: 0,
        unreplacedDeclines: 0,
        ratingUnresolved: false,
        signedOff: false,
      }).filter((a) => a !== 'rate' && a !== 'expire' && ownershipRefusal(p, capacityFor(actors, a)!, a, noOwner) === null),
    };
  }
}
