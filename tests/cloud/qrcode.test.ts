// Station and need QR codes, read back with a QR decoder: the PNG (plain and
// poster) through pngjs + jsQR, the SVG (plain and poster) rasterised, then
// jsQR. The mini-program code comes from WeChat (a local stand-in here), once.
import { PNG as PNGImage } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseScanned } from '../../shared/src/scan';
import { createApp } from '../../cloud/src/app';
import { createTestApi, needBody, newKey, type TestApi } from '../support/api';
import { decodePng, decodeSvg } from '../support/qr-decode';
import { APP_ID, APP_SECRET, PNG, WechatStandIn } from '../support/wechat-stand-in';

const BASE = 'https://qi.example.cn';
const wx = new WechatStandIn();
let api: TestApi;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  await wx.start();
  api = await createTestApi({
    PUBLIC_BASE_URL: BASE,
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: APP_SECRET,
    WECHAT_API_BASE_URL: wx.baseUrl,
  });
  app = createApp(api.deps);
});
afterAll(async () => {
  await api?.close();
  await wx.stop();
});
beforeEach(() => wx.reset());

async function fetchImage(path: string, init: { headers?: Record<string, string>; via?: ReturnType<typeof createApp> } = {}) {
  const res = await (init.via ?? app).request(path, { headers: init.headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const svgText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Where a decoded code leads, as the station page would find it through the API. */
async function stationBehind(text: string | null) {
  expect(text).not.toBeNull();
  const target = parseScanned(text!);
  expect(target?.kind).toBe('station');
  const code = target!.kind === 'station' ? target!.code : '';
  return (await api.request('GET', `/api/stations/${code}`)).body;
}

describe('a station’s QR code for H5', () => {
  it('decodes from the PNG to the station page under the public base URL', async () => {
    const res = await fetchImage('/api/stations/HKP001/qrcode.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const text = decodePng(res.bytes);
    expect(text).toBe(`${BASE}/#/pages/station/index?code=HKP001`);
    expect((await stationBehind(text)).code).toBe('HKP001');
  });

  it('decodes from the SVG to the same station page', async () => {
    const station = (await api.request('GET', '/api/stations/SYB001')).body;
    const res = await fetchImage(`/api/stations/${station.id}/qrcode.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const found = await stationBehind(decodeSvg(svgText(res.bytes)));
    expect(found.id).toBe(station.id);
  });

  it('prints the poster with the code, the station’s name and its code under it', async () => {
    const station = (await api.request('GET', '/api/stations/HKC001')).body;
    const res = await fetchImage('/api/stations/HKC001/qrcode.svg?poster=1');
    expect(res.status).toBe(200);
    const svg = svgText(res.bytes);
    expect((await stationBehind(decodeSvg(svg))).id).toBe(station.id);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
    expect(texts).toContain(station.name.replace(/"/g, '&quot;'));
    expect(texts).toContain('站点码 HKC001');
    expect(svg).toMatch(/width="100mm"/);
  });

  it('points at the address the request came to when no public base URL is set', async () => {
    const bare = await createTestApi();
    try {
      const res = await fetchImage('http://qi.local:3000/api/stations/DZB001/qrcode.png', { via: createApp(bare.deps) });
      expect(decodePng(res.bytes)).toBe('http://qi.local:3000/#/pages/station/index?code=DZB001');
    } finally {
      await bare.close();
    }
  });

  it('prints the poster as a PNG too, with the station’s name drawn in a Chinese font', async () => {
    const station = (await api.request('GET', '/api/stations/HKC001')).body;
    const res = await fetchImage('/api/stations/HKC001/qrcode.png?poster=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain('HKC001-h5-poster.png');
    expect((await stationBehind(decodePng(res.bytes))).id).toBe(station.id);
    const img = PNGImage.sync.read(Buffer.from(res.bytes));
    expect(img.width).toBe(1200);
    // Without a CJK font resvg draws nothing for the name: its band under the code would stay white.
    const ink = (fromY: number, toY: number) => {
      let n = 0;
      for (let y = fromY; y < toY; y++) for (let x = 0; x < img.width; x++) if (img.data[(y * img.width + x) * 4]! < 128) n++;
      return n;
    };
    const scale = img.width / 600;
    expect(ink(Math.round(585 * scale), Math.round(630 * scale))).toBeGreaterThan(2000);
    expect(ink(Math.round(28 * scale), Math.round(66 * scale))).toBeGreaterThan(2000);
  });

  it('answers 404 for a station that does not exist', async () => {
    expect((await fetchImage('/api/stations/NOPE01/qrcode.svg')).status).toBe(404);
  });
});

describe('caching codes', () => {
  it('serves a repeated request from the cache: the same bytes, one stored code', async () => {
    const stored = async () => (await api.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM qr_codes')).rows[0]!.n;
    const before = await stored();
    const first = await fetchImage('/api/stations/YPP001/qrcode.png');
    const second = await fetchImage('/api/stations/YPP001/qrcode.png', { via: createApp(api.deps) });
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(await stored()).toBe(before + 1);
  });

  it('answers 304 when the client already has the code', async () => {
    const first = await fetchImage('/api/stations/YZP001/qrcode.svg');
    const again = await fetchImage('/api/stations/YZP001/qrcode.svg', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('draws a new code when the station’s name changes', async () => {
    const mgr = await api.login('manager');
    const s = (await api.request('GET', '/api/stations/YZP001')).body;
    const before = svgText((await fetchImage('/api/stations/YZP001/qrcode.svg?poster=1')).bytes);
    const { id, code: _c, staff: _s, version, ...rest } = s;
    const edit = {
      ...rest,
      version,
      name: `${s.name}（新址）`,
      notice: { intro: s.notice.intro, items: s.notice.items, flow: s.notice.flow, complaintPhone: s.notice.complaintPhone },
    };
    const put = await api.request('PUT', `/api/stations/${id}`, { token: mgr, body: edit });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = svgText((await fetchImage('/api/stations/YZP001/qrcode.svg?poster=1')).bytes);
    expect(after).not.toBe(before);
    expect(after).toContain('（新址）');
  });
});

describe('a station’s mini-program code', () => {
  it('asks WeChat for a code with the station’s short scene and page', async () => {
    const res = await fetchImage('/api/stations/HKC001/qrcode.png?target=weapp');
    expect(res.status).toBe(200);
    expect(Buffer.from(res.bytes).equals(Buffer.from(PNG))).toBe(true);
    const call = wx.calls.find((c) => c.path === '/wxa/getwxacodeunlimit')!;
    expect(call.body).toMatchObject({ scene: 's=HKC001', page: 'pages/station/index', env_version: 'release', check_path: true });
  });

  it('makes a trial version’s code when message cards open the trial version, without checking the unpublished page', async () => {
    const trial = await createTestApi({
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: APP_SECRET,
      WECHAT_API_BASE_URL: wx.baseUrl,
      WECHAT_MINIPROGRAM_STATE: 'trial',
    });
    try {
      const res = await fetchImage('/api/stations/HKC001/qrcode.png?target=weapp', { via: createApp(trial.deps) });
      expect(res.status).toBe(200);
      expect(wx.calls.find((c) => c.path === '/wxa/getwxacodeunlimit')!.body).toMatchObject({ env_version: 'trial', check_path: false });
    } finally {
      await trial.close();
    }
  });

  it('asks WeChat on the first request only, then serves the PNG, the SVG and other instances from the cache', async () => {
    await fetchImage('/api/stations/SYB001/qrcode.png?target=weapp');
    const codesMade = wx.calls.filter((c) => c.path === '/wxa/getwxacodeunlimit').length;
    await fetchImage('/api/stations/SYB001/qrcode.png?target=weapp');
    const svg = svgText((await fetchImage('/api/stations/SYB001/qrcode.svg?target=weapp&poster=1')).bytes);
    await fetchImage('/api/stations/SYB001/qrcode.png?target=weapp', { via: createApp(api.deps) });
    expect(wx.count('/wxa/getwxacodeunlimit')).toBe(codesMade);
    expect(svg).toContain(Buffer.from(PNG).toString('base64'));
    expect(svg).toContain('站点码 SYB001');
    const poster = await fetchImage('/api/stations/SYB001/qrcode.png?target=weapp&poster=1');
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect(PNGImage.sync.read(Buffer.from(poster.bytes)).width).toBe(1200);
    expect(wx.count('/wxa/getwxacodeunlimit')).toBe(codesMade);
  });

  it('reports WeChat’s refusal as 502 and caches nothing, so the next request tries again', async () => {
    wx.fail('/wxa/getwxacodeunlimit', { errcode: 45009, errmsg: 'reach max api daily quota limit' });
    const refused = await fetchImage('/api/stations/DZB001/qrcode.png?target=weapp');
    expect(refused.status).toBe(502);
    expect(JSON.parse(svgText(refused.bytes)).error.code).toBe('upstream_unavailable');
    const retried = await fetchImage('/api/stations/DZB001/qrcode.png?target=weapp');
    expect(retried.status).toBe(200);
  });

  it('is refused with 422 when the mini-program’s credentials are not configured', async () => {
    const bare = await createTestApi();
    try {
      const res = await fetchImage('/api/stations/HKC001/qrcode.png?target=weapp', { via: createApp(bare.deps) });
      expect(res.status).toBe(422);
      expect(JSON.parse(svgText(res.bytes)).error.message).toContain('target=h5');
    } finally {
      await bare.close();
    }
  });
});

describe('a need’s receipt code', () => {
  it('decodes to the address that opens that need', async () => {
    const ent = await api.login('enterprise');
    const need = (await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } })).body;
    const res = await fetchImage(`/api/needs/${need.id}/qrcode.svg`, { headers: { authorization: `Bearer ${ent}` } });
    expect(res.status).toBe(200);
    const text = decodeSvg(svgText(res.bytes));
    expect(parseScanned(text!)).toEqual({ kind: 'need', number: need.number });
    expect(text!.startsWith(`${BASE}/#/pages/scan/index?need=`)).toBe(true);
  });

  it('is not shown to someone who may not see the need', async () => {
    const ent = await api.login('enterprise');
    const other = await api.login('enterprise2');
    const need = (await api.request('POST', '/api/needs', { token: ent, body: needBody(), headers: { 'Idempotency-Key': newKey() } })).body;
    const res = await fetchImage(`/api/needs/${need.id}/qrcode.svg`, { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(404);
  });
});

describe('the test decoder', () => {
  it('also reads the qrcode package’s own stroked SVG, so it is not tailored to ours', async () => {
    const svg = await QRCode.toString('https://qi.example.cn/#/x', { type: 'svg' });
    expect(decodeSvg(svg)).toBe('https://qi.example.cn/#/x');
  });
});
