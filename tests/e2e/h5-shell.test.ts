// The H5 site as a phone's browser meets it: a title bar with the page's
// title and a way back (back after a step in, home on a page opened directly),
// a favicon and home-screen icons at the root, and zoom left to the reader.
import { expect, it } from 'vitest';
import { describeE2E, shown, tap, useE2E, visible } from './support';

const e2e = useE2E();

describeE2E('the H5 shell', () => {
  it('serves the favicon, the icons and the manifest, and lets the reader zoom', async () => {
    for (const [path, type] of [
      ['/favicon.ico', /image\/(x-icon|vnd\.microsoft\.icon)/],
      ['/apple-touch-icon.png', /image\/png/],
      ['/icon.svg', /image\/svg\+xml/],
      ['/manifest.webmanifest', /application\/manifest\+json/],
    ] as const) {
      const res = await fetch(new URL(path, e2e.baseUrl));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
    const manifest = (await (await fetch(new URL('/manifest.webmanifest', e2e.baseUrl))).json()) as { icons: { src: string }[] };
    for (const icon of manifest.icons) expect((await fetch(new URL(icon.src, e2e.baseUrl))).status, icon.src).toBe(200);
    const { page } = await e2e.phone();
    await e2e.open(page, '/pages/home/index');
    await visible(shown(page).getByText('菜单式服务'));
    const viewport = await page.locator('meta[name="viewport"]').getAttribute('content');
    expect(viewport).not.toMatch(/user-scalable\s*=\s*no|maximum-scale/);
  });

  it('shows a title bar with the page title, back after a step in and home on a page opened directly', async () => {
    const { page, shots } = await e2e.phone({ signedInAs: 'enterprise' });
    await e2e.open(page, '/pages/home/index');
    await visible(shown(page).getByText('菜单式服务'));
    const bar = page.locator('#taro-navigation-bar');
    await visible(bar);
    await expect.poll(() => bar.locator('.taro-navigation-bar-title').textContent()).toBe('服务大厅');
    await tap(shown(page).getByText('计量', { exact: true }));
    // On the category page, as a person would be before going back.
    await visible(shown(page).locator('.category__items'));
    // The category page names itself after its category once it has loaded.
    await expect.poll(() => bar.locator('.taro-navigation-bar-title').textContent()).toBe('计量服务');
    await visible(bar.locator('.taro-navigation-bar-back'));
    await shots.take(page, '分类页-返回');
    await tap(bar.locator('.taro-navigation-bar-back'));
    await visible(shown(page).getByText('菜单式服务'));

    await e2e.open(page, '/pages/need-form/index');
    await visible(shown(page).locator('[data-field="description"] textarea'));
    await expect.poll(() => bar.locator('.taro-navigation-bar-title').textContent()).toBe('需求登记');
    await shots.take(page, '需求登记-标题栏');
  });

  it("preloads the opened page's code, and the code of the pages its preloadRule names before the tap, in the rule's order, each file once", async () => {
    const { page } = await e2e.phone({ signedInAs: 'enterprise' });
    const asked = new Map<string, number>();
    const done = new Set<string>();
    // When each file was first asked for and when it came in, as steps of one count.
    let step = 0;
    const askedAt = new Map<string, number>();
    const doneAt = new Map<string, number>();
    page.on('request', (r) => {
      asked.set(r.url(), (asked.get(r.url()) ?? 0) + 1);
      if (!askedAt.has(r.url())) askedAt.set(r.url(), ++step);
    });
    page.on('requestfinished', (r) => {
      done.add(r.url());
      if (!doneAt.has(r.url())) doneAt.set(r.url(), ++step);
    });
    // The site's address without a page: the first page (服务大厅) opens, its code preloaded all the same.
    await page.goto('/');
    await visible(shown(page).getByText('菜单式服务'));
    // index.html lists each page's code files (miniapp/config/pageFiles.ts).
    const filesOf = (pagePath: string) =>
      page.evaluate((name) => {
        const content = document.querySelector('meta[name="qi-page-files"]')?.getAttribute('content') ?? '';
        const files =
          content
            .split(';')
            .find((e) => e.startsWith(`${name}=`))
            ?.split('=')[1] ?? '';
        return files
          .split(',')
          .filter(Boolean)
          .map((f) => new URL(f, location.href).href);
      }, pagePath);
    const [homeFiles, formFiles, itemFiles] = [
      await filesOf('pages/home/index'),
      await filesOf('pages/need-form/index'),
      await filesOf('pages/item/index'),
    ];
    expect(homeFiles.length).toBeGreaterThan(0);
    expect(formFiles.length).toBeGreaterThan(0);
    // The opened page's code was preloaded from index.html, and the router took those downloads.
    const preloaded = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="preload"]'), (l) => l.href),
    );
    expect(homeFiles.filter((f) => !preloaded.includes(f))).toEqual([]);
    expect(homeFiles.filter((f) => asked.get(f) !== 1)).toEqual([]);
    // Fetched while the home page shows, before anyone taps.
    await expect.poll(() => formFiles.filter((f) => !done.has(f)), { timeout: 15_000 }).toEqual([]);
    // 提交需求 first, then 服务项目 (the rule's order): the item page's own files are asked for
    // only once every file of the form has come in, not sharing the network with them.
    const itemOnly = itemFiles.filter((f) => !formFiles.includes(f) && !homeFiles.includes(f));
    expect(itemOnly.length).toBeGreaterThan(0);
    await expect.poll(() => itemOnly.filter((f) => !done.has(f)), { timeout: 15_000 }).toEqual([]);
    const formIn = Math.max(...formFiles.map((f) => doneAt.get(f)!));
    expect(itemOnly.filter((f) => askedAt.get(f)! < formIn)).toEqual([]);
    await tap(shown(page).getByText('提交需求', { exact: true }).first());
    await visible(shown(page).locator('[data-field="description"] textarea'));
    // The router's requests took the preloaded files: none downloaded twice.
    expect(formFiles.filter((f) => asked.get(f) !== 1)).toEqual([]);
  });
});
