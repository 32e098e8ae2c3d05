// Every reply a test receives is checked against the API's declared contract:
// the route that the method and path reach (from the app's OpenAPI registry,
// filled by defineRoute) names a schema per status, and the body must parse
// with it. A server that answers what the document does not say fails the
// test that saw it, whatever that test asserts, so drift cannot hide.
import { ErrorBodySchema } from '@qi/shared';
import { z } from 'zod';
import { createApp } from '../../cloud/src/app';
import { loadConfig } from '../../cloud/src/config';
import type { Db } from '../../cloud/src/db';
import { createDeps } from '../../cloud/src/deps';

type Registry = ReturnType<typeof createApp>['openAPIRegistry'];
type MediaTypes = Record<string, { schema?: unknown }>;

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. /api/needs/{id}. */
  path: string;
  pattern: RegExp;
  /** Literal segments: /api/needs/counts wins over /api/needs/{id}. */
  literals: number;
  responses: Record<string, { content?: MediaTypes }>;
}

export interface Contract {
  operations: Operation[];
  /** The operation a request reaches, if any. */
  find(method: string, url: string): Operation | undefined;
}

export class ContractDrift extends Error {
  override name = 'ContractDrift';
}

export function contractFrom(registry: Registry): Contract {
  const operations: Operation[] = [];
  for (const d of registry.definitions) {
    if (d.type !== 'route') continue;
    const { method, path, operationId, responses } = d.route;
    const segments = path.split('/').filter(Boolean);
    const pattern = new RegExp(
      `^/${segments.map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`,
    );
    operations.push({
      operationId: operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path,
      pattern,
      literals: segments.filter((s) => !s.startsWith('{')).length,
      responses: responses as Operation['responses'],
    });
  }
  operations.sort((a, b) => b.literals - a.literals);
  return {
    operations,
    find(method, url) {
      const path = pathOf(url);
      return operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
    },
  };
}

let standalone: Contract | undefined;
/**
 * The contract of an app built for its registry only (never serving, so no
 * database): for clients that reach a server in another process.
 */
export function standaloneContract(): Contract {
  standalone ??= contractFrom(createApp(createDeps({} as Db, loadConfig({ DEMO_MODE: '1' }))).openAPIRegistry);
  return standalone;
}

/** The path as the server routes it: dot segments resolved (%2e%2e too), the query dropped, not decoded. */
const pathOf = (url: string): string => new URL(url, 'http://localhost').pathname;

const mediaType = (header: string | null) => (header ?? '').split(';')[0]!.trim().toLowerCase();

export interface Reply {
  status: number;
  contentType: string | null;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

/**
 * Throws ContractDrift when the reply is not what the reached operation
 * declares for its status. A request that reaches no operation (the document
 * itself, the reference page, an unknown path) is held to the error body when
 * it fails and is JSON.
 */
export function checkReply(contract: Contract, method: string, url: string, reply: Reply): void {
  const op = contract.find(method, url);
  const where = op ? `${op.operationId} (${op.method} ${op.path})` : `${method.toUpperCase()} ${pathOf(url)}`;
  const type = mediaType(reply.contentType);
  if (!op) {
    if (reply.status >= 400 && type === 'application/json') parseWith(ErrorBodySchema, reply.body, `${where} → ${reply.status}`);
    return;
  }
  const declared = op.responses[String(reply.status)];
  if (!declared) {
    throw new ContractDrift(
      `${where} answered ${reply.status}, which its contract does not declare (declared: ${Object.keys(op.responses).join(', ')}); body: ${JSON.stringify(reply.body)?.slice(0, 500)}`,
    );
  }
  const content = declared.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    if (reply.body !== null && reply.body !== '') {
      throw new ContractDrift(`${where} → ${reply.status} declares no body but sent ${JSON.stringify(reply.body)?.slice(0, 200)}`);
    }
    return;
  }
  const media = content[type];
  if (!media) {
    throw new ContractDrift(`${where} → ${reply.status} sent ${type || 'no content type'}; its contract declares ${types.join(', ')}`);
  }
  // Binary and text replies (PNG, SVG, files, calendars) are held to their content type only.
  if (type !== 'application/json') return;
  if (media.schema instanceof z.ZodType) parseWith(media.schema, reply.body, `${where} → ${reply.status}`);
}

/** checkReply over a fetch Response (read from a clone, so the caller can still read it). */
export async function checkResponse(contract: Contract, method: string, url: string, res: Response): Promise<void> {
  const contentType = res.headers.get('content-type');
  let body: unknown = null;
  if (mediaType(contentType) === 'application/json' || !contentType) {
    const text = await res.clone().text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
  } else if (res.body) {
    body = '(not JSON)';
  }
  checkReply(contract, method, url, { status: res.status, contentType, body });
}

function parseWith(schema: z.ZodType, body: unknown, where: string): void {
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    // zod drops keys a schema does not name: a field the server sends but the document omits is drift too.
    const extra = undeclaredKeys(body, parsed.data);
    if (extra.length === 0) return;
    throw new ContractDrift(`${where}: the reply has fields its schema does not declare: ${extra.join(', ')}`);
  }
  const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(body)'}: ${i.message}`).join('\n');
  throw new ContractDrift(`${where}: the reply does not match its schema\n${issues}\nbody: ${JSON.stringify(body)?.slice(0, 1000)}`);
}

/** Paths of keys present in what was sent and missing from what the schema kept. */
function undeclaredKeys(sent: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) return sent.flatMap((v, i) => undeclaredKeys(v, kept[i], `${at}[${i}]`));
  if (!isPlainObject(sent) || !isPlainObject(kept)) return [];
  return Object.keys(sent).flatMap((k) => {
    const path = at ? `${at}.${k}` : k;
    return k in kept ? undeclaredKeys(sent[k], kept[k], path) : [path];
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
