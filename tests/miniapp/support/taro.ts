// `@tarojs/taro` for component tests: Taro's real H5 APIs (@tarojs/taro-h5:
// storage, events, toasts, modals…) where they run in jsdom, and small stand-ins
// for what needs the running app (router, page lifecycle) or a phone (file picker).
// Requests go over Node's fetch to a real server the test starts (setApiOrigin);
// `network` can drop a request before or after the server handled it, to
// exercise weak-network retries. Nothing here answers for the server.
import { useEffect, useRef } from 'react';
import * as h5 from '@tarojs/taro-h5';
import { checkResponse, standaloneContract } from '../../support/contract';

type AnyFn = (...args: any[]) => any;

// ---- the API transport ----------------------------------------------------------

let apiOrigin = '';
/** Where relative request URLs (/api/…) go: the real server of the test. */
export function setApiOrigin(origin: string): void {
  apiOrigin = origin.replace(/\/+$/, '');
}

type Fault = 'before' | 'after' | { slowMs: number };
export const network = {
  faults: [] as { fault: Fault; match?: RegExp }[],
  /** Requests sent to the server (method and path), in order. */
  sent: [] as { method: string; url: string; headers: Record<string, string> }[],
  /**
   * Replies that broke the API's contract (tests/support/contract.ts). Kept
   * here rather than thrown, so the page does not see a network error; the
   * per-test setup fails the test that received one.
   */
  drifts: [] as string[],
  /**
   * The next request (whose URL matches `match`, if given) fails with a network
   * error: 'before' it reaches the server, or 'after' the server answered.
   */
  failNext(fault: Fault = 'before', match?: RegExp): void {
    this.faults.push({ fault, match });
  },
  /** The next request matching `match` reaches the server only after `ms`: a slow answer. */
  slowNext(ms: number, match?: RegExp): void {
    this.faults.push({ fault: { slowMs: ms }, match });
  },
  reset(): void {
    this.faults = [];
    this.sent = [];
    this.drifts = [];
  },
  /** Requests on their way, until they answer or fail. */
  inflight: new Set<Promise<unknown>>(),
  /** Waits until every request pages started has answered or failed (those their answers start too). */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  },
};

/** Counts `p` among the requests on their way until it settles. */
function tracked<T>(p: Promise<T>): Promise<T> {
  network.inflight.add(p);
  const done = () => void network.inflight.delete(p);
  p.then(done, done);
  return p;
}

/** H5 asks its own origin, weapp the configured API host (API_BASE_URL in vitest.project.ts): both are the test server. */
function absolute(url: string): string {
  if (url.startsWith('http://api.invalid/')) return `${apiOrigin}${url.slice('http://api.invalid'.length)}`;
  return /^https?:\/\//.test(url) ? url : `${apiOrigin}${url}`;
}

function networkError(): Error {
  return Object.assign(new Error('request:fail network error'), { errMsg: 'request:fail network error' });
}

function send(url: string, init: RequestInit & { headers: Record<string, string> }) {
  return tracked(transmit(url, init));
}

async function transmit(url: string, init: RequestInit & { headers: Record<string, string> }) {
  const at = network.faults.findIndex((f) => !f.match || f.match.test(url));
  const fault = at >= 0 ? network.faults.splice(at, 1)[0]!.fault : undefined;
  if (fault === 'before') throw networkError();
  if (typeof fault === 'object') await new Promise((r) => setTimeout(r, fault.slowMs));
  network.sent.push({ method: init.method ?? 'GET', url, headers: init.headers });
  const res = await fetch(absolute(url), init);
  await checkResponse(standaloneContract(), init.method ?? 'GET', url, res).catch((e: Error) => network.drifts.push(e.message));
  const text = await res.text();
  if (fault === 'after') throw networkError();
  const header: Record<string, string> = {};
  res.headers.forEach((v, k) => (header[k] = v));
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : '';
  } catch {
    /* not JSON */
  }
  return { statusCode: res.status, data, header };
}

async function request(opts: { url: string; method?: string; header?: Record<string, string>; data?: unknown }) {
  const method = (opts.method ?? 'GET').toUpperCase();
  const headers = { ...(opts.header ?? {}) };
  let body: string | undefined;
  if (opts.data !== undefined && method !== 'GET') body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
  const r = await send(opts.url, { method, headers, body });
  return { ...r, errMsg: 'request:ok' };
}

// ---- files: the phone's picker and downloads ------------------------------------

/** Files "on the phone", by temp path; the picker hands out `files.nextChosen`. */
export const files = {
  byPath: new Map<string, Blob>(),
  nextChosen: [] as { path: string; name: string; blob: Blob }[],
  /** The next chooseMedia/chooseMessageFile picks these. */
  choose(list: { name: string; type: string; content: string | Uint8Array }[]): void {
    this.nextChosen = list.map((f, i) => {
      const path = `blob:test/${Date.now()}-${i}-${f.name}`;
      const blob = new Blob([f.content as BlobPart], { type: f.type });
      this.byPath.set(path, blob);
      return { path, name: f.name, blob };
    });
  },
  reset(): void {
    this.byPath.clear();
    this.nextChosen = [];
  },
};

function takeChosen() {
  const chosen = files.nextChosen;
  files.nextChosen = [];
  if (!chosen.length) return Promise.reject(Object.assign(new Error('cancel'), { errMsg: 'chooseMedia:fail cancel' }));
  return Promise.resolve(chosen);
}

/** The phone's photo picker as chooseMedia answers (mediaType image). */
async function chooseMedia() {
  const chosen = await takeChosen();
  return {
    type: 'image',
    tempFiles: chosen.map((c) => ({ tempFilePath: c.path, size: c.blob.size, fileType: 'image' })),
    errMsg: 'chooseMedia:ok',
  };
}

async function chooseMessageFile() {
  const chosen = await takeChosen();
  return {
    tempFiles: chosen.map((c) => ({ path: c.path, name: c.name, size: c.blob.size, type: 'file', time: Date.now() })),
    errMsg: 'chooseMessageFile:ok',
  };
}

/** A jsdom Blob's bytes (jsdom's Blob has no arrayBuffer(); its FileReader does). */
function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** multipart/form-data by hand: jsdom's FormData and Blob are not the ones Node's fetch can send. */
async function multipart(fields: Record<string, string>, file: { field: string; name: string; blob: Blob }) {
  const boundary = `----qi-test-${Math.random().toString(16).slice(2)}`;
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const quote = (v: string) => v.replace(/"/g, '%22');
  for (const [k, v] of Object.entries(fields)) {
    parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.name)}"\r\n` +
        `Content-Type: ${file.blob.type || 'application/octet-stream'}\r\n\r\n`,
    ),
  );
  parts.push(await bytesOf(file.blob));
  parts.push(enc.encode(`\r\n--${boundary}--\r\n`));
  const body = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function uploadFile(opts: {
  url: string;
  filePath: string;
  name: string;
  header?: Record<string, string>;
  formData?: Record<string, string>;
  fileName?: string;
}) {
  const blob = files.byPath.get(opts.filePath);
  if (!blob) throw Object.assign(new Error('uploadFile:fail file not found'), { errMsg: 'uploadFile:fail file not found' });
  const name = opts.fileName ?? (blob as File).name ?? opts.filePath.split('/').pop() ?? 'file';
  const { body, contentType } = await multipart(opts.formData ?? {}, { field: opts.name, name, blob });
  const r = await send(opts.url, { method: 'POST', headers: { ...(opts.header ?? {}), 'content-type': contentType }, body });
  return { statusCode: r.statusCode, data: typeof r.data === 'string' ? r.data : JSON.stringify(r.data), errMsg: 'uploadFile:ok' };
}

function downloadFile(opts: { url: string; header?: Record<string, string>; filePath?: string }) {
  return tracked(download(opts));
}

/** As WeChat: to a temp path, or to `filePath` (in the user folder) when given — then the result names it. */
async function download(opts: { url: string; header?: Record<string, string>; filePath?: string }) {
  const res = await fetch(absolute(opts.url), { headers: opts.header });
  const blob = await res.blob();
  const path = opts.filePath ?? `blob:test/download-${Date.now()}`;
  files.byPath.set(path, blob);
  return { statusCode: res.status, ...(opts.filePath ? { filePath: path } : { tempFilePath: path }), errMsg: 'downloadFile:ok' };
}

// ---- the router and page lifecycle (the app is not running) ----------------------

export const router = {
  params: {} as Record<string, string>,
  path: '/pages/home/index',
  /** Navigations the page asked for, e.g. { kind: 'navigateTo', url: '/pages/need-detail/index?id=…' }. */
  calls: [] as { kind: string; url?: string; delta?: number }[],
  set(path: string, params: Record<string, string> = {}): void {
    this.path = path;
    this.params = params;
  },
  reset(): void {
    this.params = {};
    this.path = '/pages/home/index';
    this.calls = [];
  },
};

const nav =
  (kind: string) =>
  (opts: { url?: string; delta?: number } = {}) => {
    router.calls.push({ kind, url: opts.url, delta: opts.delta });
    return Promise.resolve({ errMsg: `${kind}:ok` });
  };

const lifecycle = { pullDownRefresh: new Set<AnyFn>(), reachBottom: new Set<AnyFn>(), didShow: new Set<AnyFn>() };

/** Runs the page's pull-down-refresh handlers, as a pull on the phone would. */
export async function pullDownRefresh(): Promise<void> {
  for (const fn of [...lifecycle.pullDownRefresh]) await fn();
}
export async function reachBottom(): Promise<void> {
  for (const fn of [...lifecycle.reachBottom]) await fn();
}
/** Shows the page again (coming back from another page). */
export async function showAgain(): Promise<void> {
  for (const fn of [...lifecycle.didShow]) await fn();
}

function useRegistered(set: Set<AnyFn>, fn: AnyFn): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const call = (...args: unknown[]) => ref.current(...args);
    set.add(call);
    return () => {
      set.delete(call);
    };
  }, [set]);
}

export function useRouter() {
  return { params: router.params, path: router.path };
}
export function useDidShow(fn: AnyFn): void {
  useRegistered(lifecycle.didShow, fn);
  useEffect(() => {
    fn();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- Taro calls these hooks once per page load
  }, []);
}
export function useLoad(fn: AnyFn): void {
  useEffect(() => {
    fn(router.params);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- Taro calls these hooks once per page load
  }, []);
}
export function useReady(fn: AnyFn): void {
  useEffect(() => {
    fn();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- Taro calls these hooks once per page load
  }, []);
}
export function useUnload(fn: AnyFn): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => () => ref.current(), []);
}
export const useDidHide = useUnload;
export function usePullDownRefresh(fn: AnyFn): void {
  useRegistered(lifecycle.pullDownRefresh, fn);
}
export function useReachBottom(fn: AnyFn): void {
  useRegistered(lifecycle.reachBottom, fn);
}
export const usePageScroll = (_fn: AnyFn): void => undefined;
export const useShareAppMessage = (_fn: AnyFn): void => undefined;

// ---- Taro -----------------------------------------------------------------------------

const Taro = {
  ...(h5 as Record<string, unknown>),
  request,
  uploadFile,
  downloadFile,
  chooseMedia,
  chooseMessageFile,
  previewImage: (opts: { urls: string[]; current?: string }) => {
    router.calls.push({ kind: 'previewImage', url: opts.current ?? opts.urls[0] });
    return Promise.resolve({ errMsg: 'previewImage:ok' });
  },
  makePhoneCall: (opts: { phoneNumber: string }) => {
    router.calls.push({ kind: 'makePhoneCall', url: opts.phoneNumber });
    return Promise.resolve({ errMsg: 'makePhoneCall:ok' });
  },
  /** The weapp's user folder (H5 has none). */
  env: { USER_DATA_PATH: 'wxfile://usr' },
  openDocument: (opts: { filePath: string }) => {
    router.calls.push({ kind: 'openDocument', url: opts.filePath });
    return Promise.resolve({ errMsg: 'openDocument:ok' });
  },
  navigateTo: nav('navigateTo'),
  redirectTo: nav('redirectTo'),
  switchTab: nav('switchTab'),
  /** The page stack: the one page the test rendered, as Taro names it (route without the leading slash). */
  getCurrentPages: () => [{ route: router.path.replace(/^\//, ''), options: { ...router.params } }],
  reLaunch: nav('reLaunch'),
  navigateBack: nav('navigateBack'),
  setNavigationBarTitle: (opts: { title: string }) => {
    document.title = opts.title;
    return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' });
  },
  stopPullDownRefresh: () => undefined,
  startPullDownRefresh: () => undefined,
  login: () => Promise.reject(Object.assign(new Error('not weapp'), { errMsg: 'login:fail not weapp' })),
  useRouter,
  useDidShow,
  useDidHide,
  useLoad,
  useReady,
  useUnload,
  usePullDownRefresh,
  useReachBottom,
  usePageScroll,
  useShareAppMessage,
} as unknown as typeof import('@tarojs/taro-h5').default & Record<string, any>;

export const eventCenter = (h5 as any).eventCenter;
export const getEnv = (h5 as any).getEnv;
export const ENV_TYPE = (h5 as any).ENV_TYPE;
export const getSystemInfoSync = (h5 as any).getSystemInfoSync;
export const pxTransform = (h5 as any).pxTransform;
export const createSelectorQuery = (h5 as any).createSelectorQuery;
export const nextTick = (fn: () => void) => setTimeout(fn, 0);
export const getStorageSync = (h5 as any).getStorageSync;
export const setStorageSync = (h5 as any).setStorageSync;
export const removeStorageSync = (h5 as any).removeStorageSync;
export const showToast = (h5 as any).showToast;
export const showModal = (h5 as any).showModal;
export { request, uploadFile, downloadFile, chooseMedia, chooseMessageFile };

export default Taro;
