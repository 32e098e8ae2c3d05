// `npm run bench:fill -- --needs N [--stats]`: migrates and seeds the database
// of DATABASE_URL (or the embedded one of PGLITE_DATA_DIR / `.data/pglite`) and
// fills it with N realistic needs (fill.ts). DATA_KEY as the app's (demo key by default).
import { parseArgs } from 'node:util';
import { loadConfig } from '../../../cloud/src/config';
import { migrate } from '../../../cloud/src/db';
import { createPgDb } from '../../../cloud/src/db/pg';
import { createPgliteDb } from '../../../cloud/src/db/pglite';
import { seed } from '../../../cloud/src/db/seed';
import { createPiiCipher } from '../../../cloud/src/pii';
import { fillNeeds } from './fill';

const { values } = parseArgs({
  options: { needs: { type: 'string', default: process.env.BENCH_NEEDS ?? '100000' }, stats: { type: 'boolean', default: false } },
});
const needs = Number(values.needs);
if (!Number.isInteger(needs) || needs < 0) throw new Error(`--needs must be a whole number, not ${values.needs}`);
const url = process.env.DATABASE_URL?.trim();
const db = url ? createPgDb(url) : await createPgliteDb(process.env.PGLITE_DATA_DIR ?? '.data/pglite');
try {
  const config = loadConfig({ DEMO_MODE: '1', ...process.env });
  await migrate(db);
  await seed(db, createPiiCipher(config.dataKey));
  const r = await fillNeeds(db, createPiiCipher(config.dataKey), { needs, statsRollups: values.stats, log: console.log });
  console.log(`bench:fill: ${r.needs} needs into ${url ? new URL(url).pathname.slice(1) : 'PGlite'} in ${r.seconds.toFixed(1)} s`);
} finally {
  await db.close();
}
