// Writes the OpenAPI document the app serves at /api/openapi.json to a file
// (default openapi.json), without a server or a database: the document is
// built from the route declarations alone.
//   tsx cloud/scripts/openapi.ts [out.json]
import { writeFileSync } from 'node:fs';
import { createApp, openApiConfig } from '../src/app';
import { loadConfig } from '../src/config';
import { createDeps } from '../src/deps';
import type { Db } from '../src/db/types';

const noDb: Db = new Proxy({} as Db, {
  get() {
    throw new Error('building the OpenAPI document must not touch the database');
  },
});

const out = process.argv[2] ?? 'openapi.json';
const base = process.env.PUBLIC_BASE_URL?.trim();
const config = loadConfig({ DEMO_MODE: '1', ...(base ? { PUBLIC_BASE_URL: base } : {}) });
const deps = createDeps(noDb, config);
// The document as /api/openapi.json serves it, asked of the registry directly: a request
// would pass through middleware that reads the database.
const doc = createApp(deps).getOpenAPI31Document(openApiConfig(deps));
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
console.log(`OpenAPI document written to ${out}`);
