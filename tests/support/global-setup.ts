// Says once, before any test, which database the tests run against.
export default function setup(): void {
  if (process.env.DATABASE_URL) {
    console.log(`[tests] PostgreSQL: ${process.env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
  } else if (process.env.CI === 'true') {
    throw new Error('[tests] CI=true but DATABASE_URL is not set: refusing to fall back to the embedded database');
  } else {
    console.log('[tests] DATABASE_URL is not set: falling back to the embedded PGlite driver');
  }
}
