// One casing convention for the mini-program's files: a page's folder and
// files are kebab-case (they are its URL, printed in QR codes and linked by
// WeChat messages), a module exporting components is PascalCase (with its
// stylesheet), every other module camelCase.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// vitest runs from the repository (jsdom gives import.meta.url no file scheme).
const src = join(process.cwd(), 'miniapp/src');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(relative(src, path));
  }
  return out;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;

/** What a file's name breaks of the convention, or null. */
function misnamed(file: string): string | null {
  const parts = file.split('/');
  const [name, ...exts] = parts[parts.length - 1]!.split('.');
  const ext = exts.join('.');
  const pageAt = parts.indexOf('pages');
  if (parts[0] === 'assets') return KEBAB.test(name!) ? null : 'assets are kebab-case';
  if (pageAt >= 0 && pageAt === parts.length - 3) {
    // A page: pages/<kebab>/<kebab>.{tsx,config.ts,scss}; parts of it beside it follow the module rule.
    if (!KEBAB.test(parts[pageAt + 1]!)) return 'a page folder is kebab-case';
    if (['tsx', 'config.ts', 'scss'].includes(ext) && KEBAB.test(name!)) return null;
  }
  if (ext === 'tsx' || ext === 'scss')
    return PASCAL.test(name!.replace(/^_/, '')) ? null : 'a component module (and its stylesheet) is PascalCase';
  return CAMEL.test(name!) ? null : 'a module is camelCase';
}

describe('miniapp/src file names', () => {
  it('follow one casing convention', () => {
    const files = walk(src).filter(
      (f) => !['index.html', 'app.ts', 'app.scss', 'app.config.ts', 'theme.scss', 'styles/_page.scss'].includes(f),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => [f, misnamed(f)]).filter(([, why]) => why)).toEqual([]);
  });
});
