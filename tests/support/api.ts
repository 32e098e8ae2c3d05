// The real app on a fresh real database (migrated and seeded), driven in
// process through Hono's `app.request` — the same code path as over HTTP.
import { PERSONAS, type Persona } from '@qi/shared';
import { createApp } from '../../cloud/src/app';
import { loadConfig } from '../../cloud/src/config';
import { migrate } from '../../cloud/src/db';
import { seed } from '../../cloud/src/db/seed';
import { createDeps, type Deps } from '../../cloud/src/deps';
import { createTestDb } from './db';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as it is, with a JSON content type unless headers say otherwise. */
  raw?: string;
}

/** JSON calls to the API and cached demo sign-ins, over any way of sending a request. */
export interface JsonClient {
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  /** POST /api/auth/dev, cached per persona. */
  login(persona: Persona): Promise<string>;
  /** A token for every demo persona. */
  loginAll(): Promise<Record<Persona, string>>;
}

export function jsonClient(send: (path: string, init: RequestInit) => Promise<Response>): JsonClient {
  const tokens = new Map<Persona, string>();
  const client: JsonClient = {
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const body = opts.body !== undefined ? JSON.stringify(opts.body) : opts.raw;
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await send(path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async login(persona) {
      const cached = tokens.get(persona);
      if (cached) return cached;
      const res = await client.request('POST', '/api/auth/dev', { body: { persona } });
      if (res.status !== 200) throw new Error(`dev login as ${persona} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(persona, res.body.token);
      return res.body.token as string;
    },
    async loginAll() {
      const all = {} as Record<Persona, string>;
      for (const persona of PERSONAS) all[persona] = await client.login(persona);
      return all;
    },
  };
  return client;
}

export interface TestApi extends JsonClient {
  deps: Deps;
  /** The app itself (its OpenAPI registry, or a request not in JSON). */
  app: ReturnType<typeof createApp>;
  /** Moves the app's clock (deadlines, rating windows). */
  setNow(at: Date | null): void;
  close(): Promise<void>;
}

/** Rate limits no test reaches by accident; a test of the limits passes its own. */
export const RELAXED_RATE_LIMITS = {
  RATE_LIMIT_SIGNIN_PER_MINUTE: '1000000',
  RATE_LIMIT_CREATE_PER_MINUTE: '1000000',
  RATE_LIMIT_CREATE_PER_ADDRESS_PER_MINUTE: '1000000',
};

export async function createTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const { db, drop } = await createTestDb();
  await migrate(db);
  // Tests sign in and create far faster than people: limits out of the way unless a test sets them.
  const config = loadConfig({ DEMO_MODE: '1', ...RELAXED_RATE_LIMITS, ...env });
  let fixedNow: Date | null = null;
  const deps = createDeps(db, config, { now: () => fixedNow ?? new Date() });
  await seed(db, deps.pii);
  const app = createApp(deps);
  return {
    ...jsonClient(async (path, init) => app.request(path, init)),
    deps,
    app,
    setNow(at) {
      fixedNow = at;
    },
    close: drop,
  };
}

/** A valid need body from the enterprise (override any field). */
export function needBody(over: Record<string, unknown> = {}) {
  return {
    title: '椰子汁产品出口检测咨询',
    description: '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。',
    categories: ['testing', 'standardization'],
    contactName: '林晓华',
    contactPhone: '13876543210',
    ...over,
  };
}

let keySeq = 0;
export const newKey = () => `test-key-${Date.now()}-${++keySeq}-${Math.random().toString(36).slice(2, 8)}`;
