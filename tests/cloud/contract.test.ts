// The test client's contract check (tests/support/contract.ts) itself: it
// must fail a reply that drifts, or every other suite's green means nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';
import { checkReply, ContractDrift, standaloneContract } from '../support/contract';
import { TYPED_OPERATIONS } from '../support/operations';

const contract = standaloneContract();
const json = 'application/json; charset=UTF-8';
const error = { error: { code: 'not_found', message: '没有找到该内容，或您无权查看' } };

describe('matching a request to its operation', () => {
  it('prefers literal segments over a placeholder, and ignores the query', () => {
    expect(contract.find('GET', '/api/needs/counts?x=1')?.operationId).toBe('countNeeds');
    expect(contract.find('GET', '/api/needs/1b2c')?.operationId).toBe('getNeed');
    expect(contract.find('get', '/api/needs/by-number/QI-1')?.operationId).toBe('findNeedByNumber');
    expect(contract.find('POST', 'http://127.0.0.1:1/api/needs/abc/actions')?.operationId).toBe('actOnNeed');
    expect(contract.find('DELETE', '/api/needs/abc')).toBeUndefined();
  });
});

describe('checking a reply', () => {
  it('accepts a body its status declares', () => {
    expect(() => checkReply(contract, 'GET', '/api/needs/x', { status: 404, contentType: json, body: error })).not.toThrow();
  });

  it('fails a body that does not parse, naming the operation and the issue', () => {
    expect(() => checkReply(contract, 'GET', '/api/needs/counts', { status: 200, contentType: json, body: { total: 'many' } })).toThrow(
      /countNeeds \(GET \/api\/needs\/counts\) → 200: the reply does not match its schema\n {2}\w+/,
    );
  });

  it('fails a field the schema does not declare', () => {
    const me = contract.operations.find((o) => o.operationId === 'getMe')!;
    const schema = me.responses['200']!.content!['application/json']!.schema as z.ZodType;
    const example = (me.responses['200']!.content!['application/json'] as { example?: unknown }).example as Record<string, unknown>;
    expect(schema.safeParse(example).success).toBe(true);
    expect(() => checkReply(contract, 'GET', '/api/me', { status: 200, contentType: json, body: { ...example, secret: 1 } })).toThrow(
      /fields its schema does not declare: secret/,
    );
  });

  it('fails a status the operation does not declare, and an error body off the contract', () => {
    expect(() => checkReply(contract, 'GET', '/api/categories', { status: 404, contentType: json, body: error })).toThrow(ContractDrift);
    expect(() => checkReply(contract, 'GET', '/api/needs/x', { status: 500, contentType: json, body: error })).toThrow(/answered 500/);
    expect(() =>
      checkReply(contract, 'GET', '/api/needs/x', { status: 404, contentType: json, body: { error: { code: 'gone', message: '' } } }),
    ).toThrow(/error\.code/);
    // A path no operation serves still answers errors in the contract's shape.
    expect(() => checkReply(contract, 'GET', '/api/nope', { status: 404, contentType: json, body: { message: 'Not Found' } })).toThrow(
      ContractDrift,
    );
  });

  it('holds binary replies to their declared content type', () => {
    const url = '/api/stations/x/qrcode.png';
    expect(() => checkReply(contract, 'GET', url, { status: 200, contentType: 'image/png', body: '(not JSON)' })).not.toThrow();
    expect(() => checkReply(contract, 'GET', url, { status: 200, contentType: 'image/svg+xml', body: '<svg/>' })).toThrow(
      /sent image\/svg\+xml; its contract declares image\/png/,
    );
  });
});

describe('typed calls', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api?.close());

  it('name the very schema each route declares for its success', () => {
    for (const [operationId, schema] of Object.entries(TYPED_OPERATIONS)) {
      const op = api.app.openAPIRegistry.definitions.find((d) => d.type === 'route' && d.route.operationId === operationId);
      expect(op, operationId).toBeDefined();
      if (op?.type !== 'route') continue;
      const success = Object.entries(op.route.responses).find(([status]) => status.startsWith('2'))![1] as {
        content: Record<string, { schema: unknown }>;
      };
      expect(success.content['application/json']!.schema === schema, operationId).toBe(true);
    }
  });

  it('fill the path from the contract and tell success from error', async () => {
    const token = await api.login('enterprise');
    const created = await api.ok('createNeed', { token, body: needBody(), headers: { 'Idempotency-Key': newKey() } });
    const read = await api.call('getNeed', { token, params: { id: created.id } });
    expect(read.ok && read.body.number).toBe(created.number);
    const missing = await api.call('getNeed', { token, params: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.body.error.code).toBe('not_found');
    await expect(api.ok('getNeed', { token, params: { id: '00000000-0000-4000-8000-000000000000' } })).rejects.toThrow(
      /getNeed failed: 404/,
    );
    const page = await api.ok('listNeeds', { token, query: { limit: 1 } });
    expect(page.items).toHaveLength(1);
  });
});
