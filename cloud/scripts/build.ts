// Builds what runs in production as plain JavaScript that Node loads as it is
// (esbuild bundles: ESM, platform node; native addons stay external):
//
//   tsx cloud/scripts/build.ts vercel   (npm run build:vercel; vercel.json's buildCommand)
//     cloud/dist/vercel/index.js   the function, re-exported by cloud/api/index.js; the
//                                  embedded database (PGlite) is left out altogether
//     cloud/public/                the H5 build (miniapp/dist/h5) and Swagger UI's assets
//                                  under api/docs/assets/, served by Vercel as static files
//   tsx cloud/scripts/build.ts server   (npm run build:server; npm start runs it first)
//     cloud/dist/server.js         the production server (npm run serve), with its lazily
//                                  loaded chunks and the migrations beside it
//     cloud/dist/start.js          what npm start runs (cloud/src/start.ts), on plain node
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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
  // Smaller files parse faster: a cold start reads every byte it imports.
  minify: true,
  metafile: true,
  logLevel: 'warning',
};

/**
 * zod's namespace object carries every locale it has (`z.locales`, ~250 KB minified), and
 * @hono/zod-openapi passes `z` around whole, so no bundler can drop the unused ones. The
 * bundles keep the two that exist for us: `en` (zod's default) and `zhCN` (shared/src/schemas.ts).
 */
export const ZOD_LOCALES_KEPT = ['en', 'zhCN'] as const;
const zodLocalesDir = () => dirname(createRequire(import.meta.url).resolve('zod/v4/locales/en.js'));
const onlyUsedZodLocales: Plugin = {
  name: 'only-used-zod-locales',
  setup(b) {
    b.onResolve({ filter: /(^|\/)locales\/index\.js$/ }, (args) =>
      args.importer.replace(/\\/g, '/').includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'qi-zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qi-zod-locales' }, () => ({
      loader: 'js',
      resolveDir: zodLocalesDir(),
      contents: "export { default as en } from './en.js';\nexport { default as zhCN } from './zh-CN.js';\n",
    }));
  },
};

/**
 * A Vercel function is handed HTTP/1 requests (node:http's IncomingMessage) only, yet
 * @hono/node-server imports node:http2 for its `instanceof Http2ServerRequest` checks, and
 * loading node:http2 is a good part of a cold start. The function gets a class nothing is an
 * instance of instead; the production server keeps the real module.
 */
const withoutHttp2: Plugin = {
  name: 'without-http2',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      args.importer.replace(/\\/g, '/').includes('/node_modules/@hono/node-server/')
        ? { path: 'http2', namespace: 'qi-no-http2' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qi-no-http2' }, () => ({
      loader: 'js',
      contents: 'export class Http2ServerRequest {}\nexport const constants = { NGHTTP2_NO_ERROR: 0 };\n',
    }));
  },
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
    entryPoints: { index: join(CLOUD_DIR, 'src/vercel.ts') },
    outdir,
    // What only some requests need (the Excel export's exceljs, the lunar calendar, QR drawing and
    // resvg's addon, the driver not chosen) is in chunks loaded at first use, not at the cold start.
    splitting: true,
    chunkNames: '[name]-[hash]',
    external: [...EXTERNAL, '@electric-sql/pglite'],
    plugins: [withoutPglite, onlyUsedZodLocales, withoutHttp2],
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
    // Not the .br/.gz copies the H5 build leaves for the local server: Vercel compresses at its edge.
    await cp(H5_DIR, PUBLIC_DIR, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
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
    if (name.endsWith('.js') || name === 'migrations' || name.endsWith('-meta.json'))
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
    plugins: [onlyUsedZodLocales],
  });
  await writeMeta(join(outdir, 'server-meta.json'), result.metafile);
  // `npm start` (cloud/src/start.ts: demo mode, the H5 build on a first run) built on its own:
  // sharing chunks with server.js would move server.ts's "am I the script node runs" check
  // into a chunk, where it never holds. It runs on plain node, without tsx and esbuild's service.
  await build({
    ...COMMON,
    entryPoints: { start: join(CLOUD_DIR, 'src/start.ts') },
    outdir,
    splitting: true,
    chunkNames: '[name]-[hash]',
    external: [...EXTERNAL, '@electric-sql/pglite'],
    plugins: [onlyUsedZodLocales],
  });
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

interface MetaOutput {
  bytes: number;
  entryPoint?: string;
  imports: { path: string; kind: string; external?: boolean }[];
}

/** The Vercel function's size, from the build's metafile (cloud/dist/vercel/meta.json). */
export interface VercelBundleFigures {
  /** Bytes a cold start loads: the entry, what it imports statically, and the larger database driver. */
  coldStartBytes: number;
  /** Every JavaScript file of the function, lazily loaded chunks included. */
  totalBytes: number;
  /** The files a cold start loads. */
  coldStartFiles: string[];
}

export function vercelBundleFigures(meta: { outputs: Record<string, MetaOutput> }): VercelBundleFigures {
  const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));
  const byFile = new Map(outputs);
  const closure = (file: string, into = new Set<string>()): Set<string> => {
    if (into.has(file)) return into;
    into.add(file);
    for (const i of byFile.get(file)?.imports ?? []) if (!i.external && i.kind === 'import-statement') closure(i.path, into);
    return into;
  };
  const entry = outputs.find(([, o]) => o.entryPoint?.endsWith('src/vercel.ts'))?.[0];
  if (!entry) throw new Error('no Vercel entry in the metafile');
  const drivers = outputs.filter(([, o]) => /src\/db\/(pg|vercel)\.ts$/.test(o.entryPoint ?? ''));
  const sizeOf = (files: Set<string>) => [...files].reduce((n, f) => n + byFile.get(f)!.bytes, 0);
  let cold = closure(entry);
  let best = -1;
  let withDriver = cold;
  for (const [file] of drivers) {
    const set = closure(file, new Set(cold));
    if (sizeOf(set) > best) [best, withDriver] = [sizeOf(set), set];
  }
  cold = withDriver;
  return {
    coldStartBytes: sizeOf(cold),
    totalBytes: outputs.reduce((n, [, o]) => n + o.bytes, 0),
    coldStartFiles: [...cold],
  };
}
