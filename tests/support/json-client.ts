// JSON calls to the API over any way of sending a request (in process or over
// HTTP), every reply checked against the contract. Free of the database
// helpers, so the mini-program's jsdom tests can use it too.
import { apiPath, PERSONAS, type Persona } from '@qi/shared';
import { checkReply, checkResponse, standaloneContract, type Contract } from './contract';
import type { CallOptions, SuccessBody, TypedOperationId, TypedResponse } from './operations';

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
  /** A request of any kind (multipart, a download), its reply checked against the contract all the same. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A typed call by operationId (tests/support/operations.ts): `ok` tells the success body from the error body. */
  call<K extends TypedOperationId>(operationId: K, opts?: CallOptions): Promise<TypedResponse<K>>;
  /** A typed call that must succeed: its success body, or a failure naming the operation and the error. */
  ok<K extends TypedOperationId>(operationId: K, opts?: CallOptions): Promise<SuccessBody<K>>;
  /** POST /api/auth/dev, cached per persona. */
  login(persona: Persona): Promise<string>;
  /** A token for every demo persona. */
  loginAll(): Promise<Record<Persona, string>>;
}

/**
 * Every reply is checked against the contract (tests/support/contract.ts):
 * a body its operation does not declare fails the request, and so the test.
 */
export function jsonClient(
  send: (path: string, init: RequestInit) => Promise<Response>,
  contract: Contract = standaloneContract(),
): JsonClient {
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
      checkReply(contract, method, path, { status: res.status, contentType: res.headers.get('content-type'), body: parsed });
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async fetch(path, init = {}) {
      const res = await send(path, init);
      await checkResponse(contract, init.method ?? 'GET', path, res);
      return res;
    },
    async call(operationId, opts = {}) {
      const op = contract.operations.find((o) => o.operationId === operationId);
      if (!op) throw new Error(`no operation ${operationId} in the contract`);
      const query = Object.entries(opts.query ?? {}).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
      const url = apiPath(op.path, opts.params) + (query.length ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : '');
      const res = await client.request(op.method, url, opts);
      return { ...res, ok: res.status >= 200 && res.status < 300 } as TypedResponse<typeof operationId>;
    },
    async ok(operationId, opts) {
      const res = await client.call(operationId, opts);
      if (!res.ok) throw new Error(`${operationId} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async login(persona) {
      const cached = tokens.get(persona);
      if (cached) return cached;
      const res = await client.call('signInAsDemoPersona', { body: { persona } });
      if (!res.ok) throw new Error(`dev login as ${persona} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(persona, res.body.token);
      return res.body.token;
    },
    async loginAll() {
      const all = {} as Record<Persona, string>;
      for (const persona of PERSONAS) all[persona] = await client.login(persona);
      return all;
    },
  };
  return client;
}
