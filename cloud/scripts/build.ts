// Builds what runs in production as plain JavaScript that Node loads as it is
// (esbuild bundles: ESM, platform node; native addons stay external):
//
//   tsx cloud/scripts/build.ts vercel   (npm run build:vercel; vercel.json's buildCommand)
//     cloud/dist/vercel/index.js   the function, re-exported by cloud/api/index.js; the
//                                  embedded database (PGlite) is left out altogether
//     cloud/public/                the H5 build (miniapp/dist/h5) and Swagger UI's assets
//                                  under api/docs/assets/, served by Vercel as static files
//   tsx cloud/scripts/build.ts server   (npm run build:server)
//     cloud/dist/server.js         the production server (npm run serve), with its lazily
//                                  loaded chunks and the migrations beside it
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { DOCS_ASSETS, swaggerUiDistDir } from '../src/routes/docs';
import { inlineScriptHashes, pageHeaderList } from '../src/securityHeaders';

export const CLOUD_DIR = fileURLToPath(new URL('../', import.meta.url));
export const REPO_ROOT = resolve(CLOUD_DIR, '..');
export const VERCEL_BUNDLE = join(CLOUD_DIR, 'dist/vercel/index.js');
export const SERVER_BUNDLE = join(CLOUD_DIR, 'dist/server.js');
export const PUBLIC_DIR = join(CLOUD_DIR, 'public');
const H5_DIR = join(REPO_ROOT, 'miniapp/dist/h5');

/**
 * Never bundled: native addons (loaded from node_modules at run time; Vercel traces
 * them into the function) and optional packages that are never installed.
 */
export const EXTERNAL = ['@resvg/resvg-js', 'pg-native', 'bufferutil', 'utf-8-validate'];

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS packages (pg, qrcode, ws…) call require() for Node's own modules.
  banner: { js: "import { createRequire as __qiCreateRequire } from 'node:module';\nconst require = __qiCreateRequire(import.meta.url);" },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/** The Vercel function has no embedded database: db/index.ts's lazy `import('./pglite')` gets a stub. */
const withoutPglite: Plugin = {
  name: 'without-pglite',
  setup(b) {
    b.onResolve({ filter: /^\.\/pglite$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('/db/index.ts') ? { path: 'pglite', namespace: 'qi-no-pglite' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qi-no-pglite' }, () => ({
      loader: 'ts',
      contents:
        "export function createPgliteDb(): never { throw new Error('the embedded database (PGlite) is not part of the Vercel function: set POSTGRES_URL or DATABASE_URL'); }",
    }));
  },
};

async function writeMeta(file: string, meta: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(meta));
}

/** The function bundle, and the static output beside it. */
export async function buildVercel(): Promise<void> {
  const outdir = join(CLOUD_DIR, 'dist/vercel');
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    ...COMMON,
    entryPoints: [join(CLOUD_DIR, 'src/vercel.ts')],
    outfile: VERCEL_BUNDLE,
    external: [...EXTERNAL, '@electric-sql/pglite'],
    plugins: [withoutPglite],
  });
  await writeMeta(join(outdir, 'meta.json'), result.metafile);
  await buildPublic();
  console.log(`[build] Vercel function: ${VERCEL_BUNDLE}; static output: ${PUBLIC_DIR}`);
}

/** cloud/public: the H5 app and Swagger UI's assets; checks vercel.json's page headers against the app. */
async function buildPublic(): Promise<void> {
  await rm(PUBLIC_DIR, { recursive: true, force: true });
  const h5Index = join(H5_DIR, 'index.html');
  if (existsSync(h5Index)) {
    await cp(H5_DIR, PUBLIC_DIR, { recursive: true });
    await checkVercelPageHeaders(readFileSync(h5Index, 'utf8'));
  } else if (process.env.VERCEL) {
    throw new Error(`no H5 build in ${H5_DIR}: run npm run build:h5 --workspace miniapp first (vercel.json's buildCommand does)`);
  } else {
    console.warn(`[build] no H5 build in ${H5_DIR}: cloud/public holds the API reference's assets only`);
  }
  const assets = join(PUBLIC_DIR, 'api/docs/assets');
  await mkdir(assets, { recursive: true });
  for (const file of Object.keys(DOCS_ASSETS)) await cp(join(swaggerUiDistDir(), file), join(assets, file));
}

/** Vercel serves the H5 pages with vercel.json's headers: they must be what the local server sends. */
async function checkVercelPageHeaders(indexHtml: string): Promise<void> {
  const config = JSON.parse(readFileSync(join(CLOUD_DIR, 'vercel.json'), 'utf8')) as {
    headers?: { source: string; headers: { key: string; value: string }[] }[];
  };
  const expected = await pageHeaderList(inlineScriptHashes(indexHtml));
  const actual = config.headers?.find((h) => h.source === VERCEL_PAGE_SOURCE)?.headers ?? [];
  const norm = (l: { key: string; value: string }[]) =>
    JSON.stringify([...l].map((h) => ({ key: h.key.toLowerCase(), value: h.value })).sort((a, b) => a.key.localeCompare(b.key)));
  if (norm(actual) !== norm(expected)) {
    throw new Error(
      `cloud/vercel.json: the headers for "${VERCEL_PAGE_SOURCE}" must be what the H5 app runs under (its inline scripts' hashes included):\n` +
        JSON.stringify(expected, null, 2),
    );
  }
}

/** vercel.json's `headers` entry for the H5 app: every path outside /api/. */
export const VERCEL_PAGE_SOURCE = '/((?!api/).*)';

/** The production server: dist/server.js, its chunks (drivers load lazily) and the migrations. */
export async function buildServer(): Promise<void> {
  const outdir = join(CLOUD_DIR, 'dist');
  await mkdir(outdir, { recursive: true });
  for (const name of await readdir(outdir)) {
    if (name.endsWith('.js') || name === 'migrations' || name === 'server-meta.json')
      await rm(join(outdir, name), { recursive: true, force: true });
  }
  const result = await build({
    ...COMMON,
    entryPoints: { server: join(CLOUD_DIR, 'src/server.ts') },
    outdir,
    splitting: true,
    // Chunks sit beside server.js: import.meta.url (migrations, the repository root) means the same folder in each.
    chunkNames: '[name]-[hash]',
    // The embedded database stays in node_modules: its WebAssembly files are found beside its own code.
    external: [...EXTERNAL, '@electric-sql/pglite'],
  });
  await writeMeta(join(outdir, 'server-meta.json'), result.metafile);
  await cp(join(CLOUD_DIR, 'src/db/migrations'), join(outdir, 'migrations'), { recursive: true });
  console.log(`[build] production server: ${SERVER_BUNDLE} (start it with npm run serve)`);
}

const target = process.argv[2];
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (target === 'vercel') await buildVercel();
  else if (target === 'server') await buildServer();
  else {
    console.error('usage: tsx cloud/scripts/build.ts vercel|server');
    process.exit(2);
  }
}
