// Schema-driven fuzzing of the real app: every operation of its OpenAPI
// document (GET /api/openapi.json), called as anonymous and as every demo
// persona, with bodies, path parameters, query strings and headers generated
// from the document's JSON Schemas by fast-check — valid ones (to reach deep
// code), boundary ones and malformed ones (a leaf replaced by a nasty value,
// a field dropped or added, the wrong type, raw text that is not JSON), and
// tokens that are forged, garbled, expired, unsigned or alg-swapped.
//
// A run is fixed by its seed and count. It fails on any 5xx, and on a 4xx
// outside the error envelope; each failure is printed as the request to
// replay. Used by tests/cloud/fuzz.test.ts (bounded, in CI) and by
// `npm run fuzz -- --count 100000 [--seed N]` (tests/support/fuzz-cli.ts).
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { checkCreditCode, ERROR_CODES, isStorableText, ITEM_BY_CODE, PERSONAS } from '@qi/shared';
import { createApp } from '../../cloud/src/app';
import { createTestApi, needBody, newKey, type TestApi } from './api';
import { checkReply, contractFrom, type Contract } from './contract';
import { APP_ID, APP_SECRET, WechatStandIn } from './wechat-stand-in';
import { createNeed, mustAct, providerInstitutionId } from './workbench';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, any>;

export interface FuzzRequest {
  index: number;
  operation: string;
  caller: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw text body, or multipart fields. */
  body?: { raw: string } | { multipart: MultipartField[] };
}

type MultipartField = { name: string; value: string; filename?: string; type?: string };

export interface FuzzFailure {
  request: FuzzRequest;
  status: number;
  response: string;
  why: string;
}

export interface FuzzResult {
  requests: number;
  operations: number;
  statuses: Record<number, number>;
  /** Requests per operation ("METHOD /path"). */
  perOperation: Record<string, number>;
  failures: FuzzFailure[];
  ms: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Called every `progressEvery` requests. */
  onProgress?: (done: number, failures: number) => void;
  progressEvery?: number;
}

const CRON_SECRET = 'fuzz-cron-secret-0123456789';
const TEMPLATE = 'tmpl-need-status-fuzz';

// ---- the nasty values --------------------------------------------------------------------------

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u2028\u2029',
  '\ufeff',
  '\ufffe\uffff',
  '💥🧨',
  '１２３４５',
  "'; DROP TABLE needs; --",
  '%00',
  '%',
  '../../etc/passwd',
  '\\',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '2147483648',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '__proto__',
  'constructor',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '0000-01-01',
  '99999-12-31',
  '2026-12-01T25:61:00Z',
  'x'.repeat(257),
  '长'.repeat(2001),
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -2147483649,
  -2147483648,
  2147483647,
  2147483648,
  4294967296,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  5e-324,
];

/** Text with a character Postgres or a reader cannot take, somewhere in it. */
const unstorable = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('\u0000', '\u0001', '\u0008', '\u000b', '\u001f', '\u007f', '\u009f', '\ud800', '\udc00'),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: unstorable },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom<Json>(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], { '': null }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

/** Raw bodies that are not JSON, or not the JSON a body should be. */
const NASTY_RAW = [
  '',
  '{',
  '{"a":',
  '[]',
  'null',
  '"text"',
  '1e999',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000',
  '{"title":"\\u0000"}',
  '{"title":"\\ud800"}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  '\ufeff{}',
  '{"version":1e400}',
  '{"version":-0}',
  'persona=manager',
];

// ---- values from JSON Schema -------------------------------------------------------------------

interface Pools {
  needIds: string[];
  needNumbers: string[];
  stationIds: string[];
  stationCodes: string[];
  taskIds: string[];
  complaintIds: string[];
  uploadIds: string[];
  notificationIds: string[];
  userIds: string[];
  institutionIds: string[];
  expertIds: string[];
}

const ITEM_CODES = [...ITEM_BY_CODE.keys()];
// Valid values only: a generated request is valid unless its one defect says otherwise.
const PHONES = ['13876543210', '0898-66661234', '15900001111'];
const CREDIT_CODES = ['91460105MA5T8H3R2K', '91460000MA5T0000X1', '91460105MA5T8H3R2A', '914601007674776661'].filter(
  (c) => checkCreditCode(c).ok,
);

const pick = <T>(xs: readonly T[], fallback: T): fc.Arbitrary<T> => (xs.length ? fc.constantFrom(...xs) : fc.constant(fallback));

/** Realistic values for the fields whose names say what they are, so valid requests get deep. */
function hinted(name: string | undefined, pools: Pools): fc.Arbitrary<Json> | null {
  const uuid = fc.uuid();
  switch (name) {
    case 'contactPhone':
    case 'phone':
    case 'complaintPhone':
      return fc.constantFrom(...PHONES);
    case 'creditCode':
      return fc.constantFrom(...CREDIT_CODES);
    case 'stationId':
      return fc.oneof(pick(pools.stationIds, ''), uuid);
    case 'needId':
      return fc.oneof(pick(pools.needIds, ''), uuid);
    case 'targetId':
    case 'institutionId':
      return fc.oneof(pick(pools.institutionIds, ''), pick(pools.expertIds, ''), pick(pools.userIds, ''), uuid);
    case 'expertId':
      return fc.oneof(pick(pools.expertIds, ''), uuid);
    case 'userId':
      return fc.oneof(pick(pools.userIds, ''), uuid);
    case 'url':
      return fc.oneof(
        pick(
          pools.uploadIds.map((id) => `/api/uploads/${id}`),
          '',
        ),
        fc.constant('https://example.com/a.png'),
      );
    case 'code':
      return fc.oneof(fc.constantFrom('fuzz-code-1', 'fuzz-code-2', 'HKC001', 'fuzz-unknown'), fc.stringMatching(/^[A-Z0-9]{4,16}$/));
    case 'open':
    case 'close':
      return fc.constantFrom('08:30', '17:30', '00:00', '23:59', '24:00', '8:30');
    case 'templateId':
      return fc.constantFrom(TEMPLATE, 'other-template');
    case 'mime':
      return fc.constantFrom('image/png', 'application/pdf', 'text/plain', 'application/x-msdownload');
    default:
      return null;
  }
}

const SAMPLE_TEXTS = [
  '椰子汁产品出口检测咨询',
  '需要对电子秤进行检定校准，第二行\n第三行',
  '海口新星食品有限公司',
  '林晓华',
  '服务专员态度不好，电话一直没有人接听',
];

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function fromSchema(schema: Schema, doc: Schema, pools: Pools, name?: string, depth = 0): fc.Arbitrary<Json> {
  if (schema.$ref) {
    const ref = String(schema.$ref).replace('#/components/schemas/', '');
    return fromSchema(doc.components.schemas[ref], doc, pools, name, depth + 1);
  }
  if (depth > 8) return fc.constant(null);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return fc.oneof(...(variants as Schema[]).map((s) => fromSchema(s, doc, pools, name, depth + 1)));
  if (schema.allOf) return fromSchema(Object.assign({}, ...schema.allOf), doc, pools, name, depth + 1);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  const hint = type === 'string' || type === undefined ? hinted(name, pools) : null;
  if (hint) return hint;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date') return isoDate;
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern, 'u')).map((s) => s.slice(0, schema.maxLength ?? 200));
        } catch {
          /* not a JS pattern: plain text below */
        }
      }
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 80, 120);
      const samples = SAMPLE_TEXTS.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
      return fc.oneof(
        { weight: 3, arbitrary: samples.length ? fc.constantFrom(...samples) : fc.constant('长'.repeat(min)) },
        {
          weight: 2,
          arbitrary: fc
            .string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) })
            .filter((t) => isStorableText(t) && t.trim().length >= min),
        },
        { weight: 1, arbitrary: fc.constant('长'.repeat(schema.maxLength ?? 300)) },
      );
    }
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, -(2 ** 31));
      const max = Math.min(schema.maximum ?? 1000, 2 ** 31 - 1);
      return fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min, max: Math.min(max, min + 10) }) },
        { weight: 2, arbitrary: fc.integer({ min, max }) },
        { weight: 1, arbitrary: fc.constantFrom(min, max) },
      );
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (name === 'items' && schema.items?.type === 'string' && !schema.items.enum && schema.items.minLength === undefined) {
        // Service items must belong to the categories chosen: mostly none, so the rest of the body is judged.
        return fc.oneof(
          { weight: 3, arbitrary: fc.constant<Json>([]) },
          { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...ITEM_CODES), { maxLength: 3 }) },
        );
      }
      const item = fromSchema(schema.items ?? {}, doc, pools, name, depth + 1);
      const min = schema.minItems ?? 0;
      return fc.uniqueArray(item, {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 4, 4)),
        selector: (v) => JSON.stringify(v),
      });
    }
    case 'object': {
      const props: Record<string, Schema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, s] of Object.entries(props)) record[k] = fromSchema(s, doc, pools, k, depth + 1);
      const requiredKeys = [...required].filter((k) => k in record);
      const some = fc.record(record, { requiredKeys }) as fc.Arbitrary<Json>;
      // Half the time only what is required: optional fields bring cross-field rules that stop most bodies early.
      const minimal = fc.record(Object.fromEntries(requiredKeys.map((k) => [k, record[k]!]))) as fc.Arbitrary<Json>;
      return fc.oneof(some, minimal);
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  }
}

/** Every leaf's path in a JSON value. */
function leafPaths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    const inner = entries.flatMap(([k, x]) => leafPaths(x as Json, [...at, k]));
    return inner.length ? inner : [at];
  }
  return [at];
}

function setAt(v: Json, path: (string | number)[], value: Json | undefined): Json {
  if (!path.length) return value ?? null;
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  const [head, ...rest] = path;
  if (!rest.length) {
    if (value === undefined) {
      if (Array.isArray(copy)) copy.splice(head as number, 1);
      else delete copy[head as string];
    } else copy[head as string] = value;
    return copy;
  }
  copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
}

type BodyDefect = 'leaf' | 'drop' | 'extra' | 'whole' | 'raw';

/** A body from the schema; with `defect`, broken in one place. */
function bodyArb(schema: Schema, doc: Schema, pools: Pools, defect: boolean): fc.Arbitrary<string> {
  const valid = fromSchema(schema, doc, pools);
  if (!defect) return valid.map((v) => JSON.stringify(v));
  const kind = fc.constantFrom<BodyDefect>('leaf', 'leaf', 'leaf', 'leaf', 'leaf', 'drop', 'extra', 'whole', 'raw');
  const nastyNumber = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }));
  return fc
    .tuple(valid, kind, nastyValue, fc.nat(), fc.constantFrom(...NASTY_RAW), nastyString, nastyNumber, fc.nat(3))
    .map(([v, m, nasty, n, raw, str, num, typed]) => {
      const leaves = leafPaths(v);
      const at = leaves[n % leaves.length]!;
      switch (m) {
        case 'leaf': {
          // Mostly a value of the leaf's own type, out of range or unstorable; else anything.
          const leaf = at.reduce<any>((x, k) => x?.[k], v);
          const replacement = typed && typeof leaf === 'string' ? str : typed && typeof leaf === 'number' ? num : nasty;
          return JSON.stringify(setAt(v, at, replacement));
        }
        case 'drop':
          return JSON.stringify(at.length ? setAt(v, at, undefined) : {});
        case 'extra':
          return JSON.stringify(v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [str || 'extra']: nasty } : [v, nasty]);
        case 'whole':
          return JSON.stringify(nasty);
        case 'raw':
          return raw;
      }
    });
}

// ---- callers and their tokens ------------------------------------------------------------------

export interface Callers {
  /** Name → Authorization header value (or null: none). */
  [caller: string]: string | null;
}

async function makeCallers(api: TestApi): Promise<Callers> {
  const tokens = await api.loginAll();
  const secret = api.deps.config.sessionSecret;
  const me = await api.request('GET', '/api/me', { token: tokens.enterprise });
  const sub = me.body.user.id as string;
  const now = Math.floor(Date.now() / 1000);
  const [h, p] = tokens.enterprise.split('.');
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const callers: Callers = { anonymous: null };
  for (const persona of PERSONAS) callers[persona] = `Bearer ${tokens[persona]}`;
  Object.assign(callers, {
    'forged-signature': `Bearer ${await sign({ sub, exp: now + 600 }, 'not-the-secret-not-the-secret-xx', 'HS256')}`,
    expired: `Bearer ${await sign({ sub, iat: now - 7200, exp: now - 3600 }, secret, 'HS256')}`,
    'no-exp': `Bearer ${await sign({ sub }, secret, 'HS256')}`,
    'sub-not-uuid': `Bearer ${await sign({ sub: "1' OR '1'='1", exp: now + 600 }, secret, 'HS256')}`,
    'sub-unknown': `Bearer ${await sign({ sub: '00000000-0000-4000-8000-000000000000', exp: now + 600 }, secret, 'HS256')}`,
    'alg-none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'alg-hs512': `Bearer ${await sign({ sub, exp: now + 600 }, secret, 'HS512')}`,
    'alg-rs256-header': `Bearer ${b64({ alg: 'RS256', typ: 'JWT' })}.${p}.${tokens.enterprise.split('.')[2]}`,
    garbled: `Bearer ${h}.${p}x.${'A'.repeat(43)}`,
    'not-a-jwt': 'Bearer not.a.jwt.at.all',
    'bearer-only': 'Bearer',
    basic: 'Basic ZW50ZXJwcmlzZTpwYXNz',
    cron: `Bearer ${CRON_SECRET}`,
    'huge-token': `Bearer ${'a'.repeat(8000)}`,
  });
  return callers;
}

// ---- requests ----------------------------------------------------------------------------------

interface Operation {
  method: string;
  path: string;
  op: Schema;
}

export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) ops.push({ method: method.toUpperCase(), path, op });
    }
  }
  return ops;
}

/** Percent-encodes a string, a lone surrogate included (as the bytes a broken client would send). */
const encodeLoosely = (s: string): string =>
  [...s]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');

function pathParamArb(name: string, path: string, pools: Pools, defect: boolean): fc.Arbitrary<string> {
  const real =
    name === 'number'
      ? pick(pools.needNumbers, 'QS-0')
      : path.startsWith('/api/stations')
        ? fc.oneof(pick(pools.stationCodes, 'HKC001'), pick(pools.stationIds, ''))
        : path.startsWith('/api/tasks')
          ? pick(pools.taskIds, '')
          : path.startsWith('/api/complaints')
            ? pick(pools.complaintIds, '')
            : path.startsWith('/api/uploads')
              ? pick(pools.uploadIds, '')
              : path.startsWith('/api/notifications')
                ? pick(pools.notificationIds, '')
                : pick(pools.needIds, '');
  if (!defect) return fc.oneof({ weight: 6, arbitrary: real.map(encodeLoosely) }, { weight: 1, arbitrary: fc.uuid() });
  return fc.oneof(
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: nastyString.map((s) => encodeLoosely(s) || '%20') },
    { weight: 1, arbitrary: fc.constantFrom('%00', '%E0%A4%A', '%2e%2e', '..%2F..%2Fetc', '%ED%A0%80', 'a%2Fb', '%25', '%C0%80') },
  );
}

function queryArb(params: Schema[], doc: Schema, pools: Pools, defect: boolean): fc.Arbitrary<string> {
  const valid = (p: Schema) => fromSchema(p.schema ?? {}, doc, pools, p.name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const one = (p: Schema) => fc.option(defect ? fc.oneof(valid(p), nastyString, nastyString) : valid(p), { freq: 2 });
  const extra = defect ? fc.option(fc.tuple(nastyString, nastyString), { freq: 2 }) : fc.constant(null);
  const rawTail = defect
    ? fc.option(fc.constantFrom('&&', '&=', '&a', '&q=%00', '&limit=1&limit=2', '&%', '&state[]=x', '&cursor=%ZZ', '&q=%ED%A0%80'), {
        freq: 3,
      })
    : fc.constant(null);
  return fc.tuple(fc.tuple(...params.map(one)), extra, rawTail).map(([values, x, tail]) => {
    const q = new URLSearchParams();
    params.forEach((p, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) q.append(p.name, v);
    });
    if (x) q.append(x[0], x[1]);
    const s = q.toString() + (tail ?? '');
    return s ? `?${s}` : '';
  });
}

function multipartArb(defect: boolean): fc.Arbitrary<MultipartField[]> {
  const goodName = fc.constantFrom('a.txt', '检测报告.pdf', 'photo.png');
  const file = fc.record({
    name: fc.constant('file'),
    value: defect ? fc.oneof(fc.constant('你好，附件'), fc.constant(''), nastyString) : fc.constantFrom('你好，附件', '%PDF-1.4 fake'),
    filename: defect
      ? fc.oneof(
          fc.constantFrom('x.exe', '.txt', 'a'.repeat(200) + '.txt', ''),
          nastyString,
          nastyString.map((s) => `${s}.txt`),
        )
      : goodName,
    type: defect
      ? fc.constantFrom('', 'application/octet-stream', 'text/plain; charset=utf-8', 'x/\u0000')
      : fc.constantFrom('text/plain', 'application/pdf', 'image/png'),
  });
  const name = fc.record({
    name: fc.constant('name'),
    value: defect
      ? fc.oneof(
          nastyString,
          nastyString.map((s) => `${s}.pdf`),
        )
      : fc.constantFrom('报告.pdf', 'b.txt'),
  });
  if (!defect) return fc.tuple(file, fc.option(name, { freq: 3 })).map(([f, n]) => (n ? [f, n] : [f]));
  const asText: fc.Arbitrary<MultipartField> = fc.record({ name: fc.constant('file'), value: nastyString });
  return fc
    .tuple(
      fc.option(file as fc.Arbitrary<MultipartField>, { freq: 6 }),
      fc.option(name as fc.Arbitrary<MultipartField>, { freq: 2 }),
      fc.option(asText, { freq: 8 }),
    )
    .map((fields) => fields.filter((x): x is MultipartField => x !== null));
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/jsonx',
  '',
];

/** Where a request is broken: nowhere (a valid request, to get deep), or in exactly one place. */
type Defect = 'none' | 'body' | 'path' | 'query' | 'token' | 'header';
const DEFECTS: readonly Defect[] = [
  'none',
  'none',
  'none',
  'none',
  'body',
  'body',
  'body',
  'body',
  'path',
  'query',
  'query',
  'token',
  'header',
];

const BAD_HEADERS: Record<string, string>[] = [
  { 'x-forwarded-for': '1.2.3.4, 5.6.7.8' },
  { 'x-real-ip': 'not-an-ip' },
  { 'if-none-match': '"abc"' },
  { 'if-none-match': '*' },
  { 'accept-language': 'en' },
  { 'content-length': '0' },
];
const BAD_KEYS: (string | null)[] = [null, 'short', 'fuzz-reused-key-1', 'bad key with spaces', 'k'.repeat(129), '\u00e9'.repeat(8)];

function requestArb(
  operation: Operation,
  doc: Schema,
  pools: Pools,
  callers: Callers,
  likely: readonly string[],
): fc.Arbitrary<Omit<FuzzRequest, 'index'>> {
  const { method, path, op } = operation;
  const params: Schema[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
  const multipart = Boolean(op.requestBody?.content?.['multipart/form-data']);
  const personas = ['anonymous', ...PERSONAS];
  const forged = Object.keys(callers).filter((k) => !personas.includes(k));
  // Callers the operation has let in so far, most of the time; anyone, otherwise.
  const persona = likely.length
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 1, arbitrary: fc.constantFrom(...personas) })
    : fc.constantFrom(...personas);

  return fc.constantFrom(...DEFECTS).chain((defect) => {
    const body: fc.Arbitrary<FuzzRequest['body']> = multipart
      ? multipartArb(defect === 'body').map((fields) => ({ multipart: fields }))
      : jsonSchema
        ? bodyArb(jsonSchema, doc, pools, defect === 'body').map((raw) => ({ raw }))
        : defect === 'body'
          ? fc.constantFrom(...NASTY_RAW).map((raw) => ({ raw }))
          : fc.constant(undefined);
    return fc
      .tuple(
        fc.tuple(...pathParams.map((p) => pathParamArb(p.name, path, pools, defect === 'path'))),
        queryArb(queryParams, doc, pools, defect === 'query'),
        defect === 'token' ? fc.constantFrom(...forged) : persona,
        defect === 'header'
          ? fc.oneof(
              fc.constantFrom(...BAD_KEYS).map((key) => ({ key })),
              fc.constantFrom(...CONTENT_TYPES).map((type) => ({ type })),
              fc.constantFrom(...BAD_HEADERS).map((extra) => ({ extra })),
            )
          : fc.constant({}),
        body,
      )
      .map(([pathValues, query, who, bad, b]) => {
        let url = path;
        pathParams.forEach((p, i) => {
          url = url.replace(`{${p.name}}`, pathValues[i]!);
        });
        const broken = bad as { key?: string | null; type?: string; extra?: Record<string, string> };
        const headers: Record<string, string> = { ...(broken.extra ?? {}) };
        const auth = callers[who];
        if (auth) headers.authorization = auth;
        const key = 'key' in broken ? broken.key! : newKey();
        if (key !== null) headers['idempotency-key'] = key;
        const type = 'type' in broken ? broken.type : b && 'raw' in b ? 'application/json' : undefined;
        if (type) headers['content-type'] = type;
        return { operation: `${method} ${path}`, caller: who, method, url: url + query, headers, body: b };
      });
  });
}

function toInit(req: FuzzRequest): RequestInit {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    try {
      headers.set(k, v);
    } catch {
      /* a value fetch refuses (a control character): a client could not send it either */
    }
  }
  let body: BodyInit | undefined;
  if (req.body && 'raw' in req.body) body = req.body.raw;
  else if (req.body) {
    const form = new FormData();
    for (const f of req.body.multipart) {
      if (f.filename !== undefined) form.append(f.name, new Blob([f.value], { type: f.type ?? '' }), f.filename);
      else form.append(f.name, f.value);
    }
    body = form;
    if (headers.get('content-type') === 'multipart/form-data') headers.delete('content-type'); // keep the boundary, mostly
  }
  return { method: req.method, headers, body: req.method === 'GET' ? undefined : body };
}

/** The request as text to read and replay. */
export function describeRequest(req: FuzzRequest): string {
  const body = !req.body ? '' : 'raw' in req.body ? req.body.raw : JSON.stringify(req.body.multipart);
  return [
    `#${req.index} ${req.operation} as ${req.caller}`,
    `${req.method} ${req.url}`,
    ...Object.entries(req.headers).map(([k, v]) => `${k}: ${k === 'authorization' && v.length > 120 ? `${v.slice(0, 120)}…` : v}`),
    body ? `\n${JSON.stringify(body.length > 1500 ? `${body.slice(0, 1500)}…(${body.length} chars)` : body)}` : '',
  ].join('\n');
}

// ---- the run -----------------------------------------------------------------------------------

async function loadPools(api: TestApi): Promise<Pools> {
  const col = async (sql: string) => (await api.deps.db.query<{ v: string }>(sql)).rows.map((r) => r.v);
  return {
    needIds: await col('SELECT id::text AS v FROM needs ORDER BY created_at DESC LIMIT 30'),
    needNumbers: await col('SELECT number AS v FROM needs ORDER BY created_at DESC LIMIT 30'),
    stationIds: await col('SELECT id::text AS v FROM stations'),
    stationCodes: await col('SELECT code AS v FROM stations'),
    taskIds: await col('SELECT id::text AS v FROM tasks ORDER BY assigned_at DESC LIMIT 30'),
    complaintIds: await col('SELECT id::text AS v FROM complaints ORDER BY created_at DESC LIMIT 30'),
    uploadIds: await col('SELECT id::text AS v FROM uploads ORDER BY created_at DESC LIMIT 30'),
    notificationIds: await col('SELECT id::text AS v FROM notifications ORDER BY created_at DESC LIMIT 30'),
    userIds: await col('SELECT id::text AS v FROM users'),
    institutionIds: await col('SELECT id::text AS v FROM institutions'),
    expertIds: await col('SELECT id::text AS v FROM experts'),
  };
}

/** A little of everything, so generated ids and versions meet real rows. */
async function prepare(api: TestApi, wx: WechatStandIn): Promise<void> {
  wx.sessions.set('fuzz-code-1', { openid: 'o-fuzz-1', session_key: 'sk' });
  wx.sessions.set('fuzz-code-2', { openid: 'o-fuzz-2', session_key: 'sk' });
  const ent = await api.login('enterprise');
  const spec = await api.login('specialist');
  const inst = await providerInstitutionId(api);
  for (let i = 0; i < 3; i++) await createNeed(api, ent, { title: `抽测准备的需求 ${i + 1}` });
  const n = await createNeed(api, ent, { categories: ['metrology', 'testing'] });
  await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
  await mustAct(api, spec, n.id, { action: 'dispatch', version: 2, assignees: [{ institutionId: inst }] });
  const done = await createNeed(api, ent);
  await mustAct(api, spec, done.id, { action: 'accept', version: 1 });
  await mustAct(api, spec, done.id, { action: 'answer', version: 2, answer: '已电话答复并办结' });
  await api.request('POST', '/api/complaints', {
    token: ent,
    body: { targetKind: 'need', needId: n.id, content: '办理太慢了，一周都没有人联系我们' },
    headers: { 'Idempotency-Key': newKey() },
  });
  await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': 'fuzz-reused-key-1' } });
}

export interface FuzzTarget {
  api: TestApi;
  /** How many operations the document has (a run's count is best sized by it). */
  operations: number;
  run(options: FuzzOptions): Promise<FuzzResult>;
  close(): Promise<void>;
}

/** The real app on a fresh database, seeded and prepared, ready to be fuzzed. */
export async function createFuzzTarget(): Promise<FuzzTarget> {
  const wx = new WechatStandIn();
  await wx.start();
  const api = await createTestApi({
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE_URL: wx.baseUrl,
    WECHAT_TEMPLATE_NEED_STATUS: TEMPLATE,
    CRON_SECRET,
  });
  const app = createApp(api.deps);
  const contract = contractFrom(app.openAPIRegistry);
  await prepare(api, wx);
  const callers = await makeCallers(api);
  const doc = (await api.request('GET', '/api/openapi.json')).body as Schema;
  const operations = operationsOf(doc);

  async function run({ seed, count, onProgress, progressEvery = 500 }: FuzzOptions): Promise<FuzzResult> {
    const started = Date.now();
    const statuses: Record<number, number> = {};
    const perOperation: Record<string, number> = Object.fromEntries(operations.map((o) => [`${o.method} ${o.path}`, 0]));
    const failures: FuzzFailure[] = [];
    const CHUNK = 100;
    /** FUZZ_TRACE=<regex of "METHOD /path">: print those requests and their answers. */
    const trace = process.env.FUZZ_TRACE ? new RegExp(process.env.FUZZ_TRACE) : null;
    /** Per operation, the personas it has answered with something but 401/403. */
    const admitted = new Map<string, Set<string>>();
    let index = 0;
    for (let chunk = 0; index < count; chunk++) {
      const pools = await loadPools(api); // new rows join the pools as the run creates them
      const arb = fc.oneof(
        ...operations.map((o) => requestArb(o, doc, pools, callers, [...(admitted.get(`${o.method} ${o.path}`) ?? [])])),
      );
      const batch = fc.sample(arb, { seed: seed + chunk, numRuns: Math.min(CHUNK, count - index) });
      for (const r of batch) {
        const req: FuzzRequest = { index: index++, ...r };
        let status: number;
        let text: string;
        let contentType: string | null = null;
        try {
          const res = await app.request(req.url, toInit(req));
          status = res.status;
          contentType = res.headers.get('content-type');
          text = await res.text();
        } catch (e) {
          status = 599; // the app threw past its own error handler
          text = String((e as Error)?.stack ?? e);
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        perOperation[req.operation] = (perOperation[req.operation] ?? 0) + 1;
        if (status !== 401 && status !== 403 && (req.caller === 'anonymous' || (PERSONAS as readonly string[]).includes(req.caller))) {
          const set = admitted.get(req.operation) ?? new Set<string>();
          set.add(req.caller);
          admitted.set(req.operation, set);
        }
        if (trace?.test(req.operation)) console.log(`${describeRequest(req)}\n→ ${status} ${text.slice(0, 300)}\n`);
        const why = judge(status, text) ?? offContract(contract, req.method, req.url, status, contentType, text);
        if (why) failures.push({ request: req, status, response: text.slice(0, 500), why });
        if (onProgress && index % progressEvery === 0) onProgress(index, failures.length);
      }
    }
    return { requests: index, operations: operations.length, statuses, perOperation, failures, ms: Date.now() - started };
  }

  return {
    api,
    operations: operations.length,
    run,
    async close() {
      await api.close();
      await wx.stop();
    },
  };
}

/** Why a reply breaks the contract (tests/support/contract.ts): a status or a body its operation does not declare. */
function offContract(
  contract: Contract,
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  text: string,
): string | null {
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  try {
    checkReply(contract, method, url, { status, contentType, body });
    return null;
  } catch (e) {
    return (e as Error).message.split('\nbody:')[0]!;
  }
}

/** Why a response fails the run: a 5xx, or a 4xx outside the error envelope. */
function judge(status: number, text: string): string | null {
  if (status >= 500) return `answered ${status}`;
  if (status >= 400) {
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (!body.error || !ERROR_CODES.includes(body.error.code as never) || typeof body.error.message !== 'string')
        return `${status} without the error envelope`;
    } catch {
      return `${status} that is not JSON`;
    }
  }
  return null;
}

export function report(result: FuzzResult, limit = 20): string {
  const byStatus = Object.entries(result.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  const lines = [`${result.requests} requests over ${result.operations} operations in ${(result.ms / 1000).toFixed(1)} s: ${byStatus}`];
  // One example per operation and kind of failure, the first found.
  const seen = new Set<string>();
  for (const f of result.failures) {
    const key = `${f.request.operation} ${f.why}`;
    if (seen.has(key) || seen.size >= limit) continue;
    seen.add(key);
    lines.push('', `FAIL (${f.why}):`, describeRequest(f.request), `→ ${f.status} ${f.response}`);
  }
  if (result.failures.length) lines.push('', `${result.failures.length} failing requests in all (${seen.size} kinds shown)`);
  return lines.join('\n');
}
