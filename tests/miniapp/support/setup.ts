// Per-file setup of the component tests: the platform is H5, each test starts
// with empty storage and fresh stand-ins, and React trees are unmounted and
// their requests answered before the next test.
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { inject } from 'vitest';
import { files, network, router, setApiOrigin } from './taro';

process.env.TARO_ENV = 'h5';
// The real API (tests/miniapp/support/api-server.ts): pages talk to it over HTTP.
setApiOrigin(inject('apiOrigin'));

// jsdom has no object URLs; the browser's file input hands pages one per picked file.
let objectUrls = 0;
URL.createObjectURL = (blob: Blob) => {
  const url = `blob:http://localhost/${++objectUrls}`;
  files.byPath.set(url, blob);
  return url;
};
URL.revokeObjectURL = (url: string) => {
  files.byPath.delete(url);
};
// A browser fetches its own blob: URLs (a download's temp path on H5); Node's fetch does not.
const nodeFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const blob = files.byPath.get(input instanceof Request ? input.url : String(input));
  return blob ? Promise.resolve(new Response(blob)) : nodeFetch(input, init);
};
// user-event gives each event it dispatches `detail` and `view` as fixed own getters (a jsdom
// event takes no `detail` through its constructor); Taro's Input and Textarea then redefine
// `detail` on the event they get, which under Preact is the browser's event itself (React
// handed them a synthetic copy). A browser's own events leave both on the prototype.
const defineProperty = Object.defineProperty;
Object.defineProperty = (<T>(o: T, key: PropertyKey, desc: PropertyDescriptor & ThisType<unknown>): T =>
  defineProperty(
    o,
    key,
    o instanceof Event && (key === 'detail' || key === 'view') ? { configurable: true, ...desc } : desc,
  )) as typeof Object.defineProperty;
// The act() environment for Testing Library.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// findBy*/waitFor give up after 1 s by default: too short for a page's requests to the
// real server while CI builds the H5 app beside these tests on 2 cores.
configure({ asyncUtilTimeout: 5_000 });

// Taro's React components pass mini-program props (hoverStyle, ariaRole…) to
// DOM elements; React warns about each. They are Taro's, not ours: keep the
// output for warnings that are.
const TARO_PROP_NOISE =
  /^Warning: (React does not recognize the `\w+` prop|Invalid ARIA attribute `aria[A-Z]\w*`|Received `(true|false)` for a non-boolean attribute)/;
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && TARO_PROP_NOISE.test(args[0])) return;
  consoleError(...args);
};

// A page received a reply its operation does not declare: the contract drifted.
afterEach(() => {
  if (network.drifts.length > 0) throw new Error(`replies off the API contract:\n${network.drifts.join('\n')}`);
});

beforeEach(() => {
  window.localStorage.clear();
  network.reset();
  files.reset();
  router.reset();
});

// NutUI's NoticeBar (the home page's notices) starts a setTimeout on each
// scroll step and never clears it on unmount; one firing after the file's
// jsdom is torn down throws "window is not defined". Track the timers a
// test's pages start and clear them with the pages.
const pageTimers = new Set<ReturnType<typeof setTimeout>>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const id = realSetTimeout(
    (...a: unknown[]) => {
      pageTimers.delete(id);
      fn(...a);
    },
    ms,
    ...args,
  );
  pageTimers.add(id);
  return id;
}) as typeof setTimeout;
globalThis.clearTimeout = ((id?: ReturnType<typeof setTimeout>) => {
  if (id !== undefined) pageTimers.delete(id);
  realClearTimeout(id);
}) as typeof clearTimeout;

// Taro's toast and modal are singletons appended to <body> once: leave them there.
afterEach(async () => {
  cleanup();
  // The requests the test's pages started answer within the test: none lands in the
  // next test's module caches (the user, the calendar) or after the file's jsdom is gone.
  await network.settle();
  // A test that stopped the clock (vi.useFakeTimers({ toFake: ['Date'] })) gets it back.
  vi.useRealTimers();
  for (const id of pageTimers) realClearTimeout(id);
  pageTimers.clear();
});
