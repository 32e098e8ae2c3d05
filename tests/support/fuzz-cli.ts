// `npm run fuzz -- --count 100000 [--seed 42]`: the fuzz test's run, as long
// as asked, against a fresh database (DATABASE_URL, else embedded PGlite).
// Prints progress, then every kind of failure with the request to replay.
import { parseArgs } from 'node:util';
import { createFuzzTarget, report } from './fuzz';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: String(Date.now() % 1_000_000) } },
});
const count = Number(values.count);
const seed = Number(values.seed);
console.log(`[fuzz] ${count} requests, seed ${seed}${process.env.DATABASE_URL ? '' : ' (embedded PGlite: set DATABASE_URL for Postgres)'}`);
const target = await createFuzzTarget();
try {
  const result = await target.run({
    seed,
    count,
    progressEvery: 1000,
    onProgress: (n, f) => console.log(`[fuzz] ${n}/${count}, ${f} failing`),
  });
  console.log(report(result, 50));
  process.exitCode = result.failures.length ? 1 : 0;
} finally {
  await target.close();
}
