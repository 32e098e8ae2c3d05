// `npm run migrate`: applies pending migrations to the configured database
// (DB_DRIVER / POSTGRES_URL / DATABASE_URL / DATA_DIR); `--seed` also loads
// the demo data (demo mode only).
import { loadConfig } from '../config';
import { createDeps } from '../deps';
import { createDb, dbConfigFromEnv, migrate } from './index';
import { sealPlaintextNames } from './sealNames';
import { seed } from './seed';

const db = await createDb(dbConfigFromEnv());
try {
  const { applied } = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  // Names kept from before they were encrypted (0012): sealed here when the key is at hand, else at the app's start.
  if (process.env.DATA_KEY || process.env.DEMO_MODE) {
    const sealed = await sealPlaintextNames(db, createDeps(db, loadConfig()).pii);
    if (sealed) console.log(`encrypted ${sealed} names stored in plaintext`);
  }
  if (process.argv.includes('--seed')) {
    const config = loadConfig();
    if (!config.demoMode) throw new Error('--seed loads demo data: set DEMO_MODE=1');
    const { users } = await seed(db, createDeps(db, config).pii);
    console.log(`seeded demo data (${users} users)`);
  }
} finally {
  await db.close();
}
