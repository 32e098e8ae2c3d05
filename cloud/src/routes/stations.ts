// Stations: the public list and pages, their QR codes and posters, check-in
// (到站登记) and the station desk's view of check-ins, the manager's edits
// and staff assignments; and the receipt code of a need that staff scan to
// open it.
import {
  API_PATHS,
  CheckinInputSchema,
  CheckinSchema,
  MyCheckinSchema,
  CreateStationSchema,
  IdSchema,
  NeedRefSchema,
  QrCodeQuerySchema,
  SpecialistSchema,
  StationCheckinQuerySchema,
  StationCheckinSchema,
  StationListQuerySchema,
  StationRefSchema,
  StationSchema,
  StationStaffInputSchema,
  StationStaffMemberSchema,
  UpdateStationSchema,
} from '@qi/shared';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps';
import type { CachedImage } from '../qr/cache';
import { createQrCodes, type QrFormat } from '../qr/codes';
import { findVisibleNeed } from '../services/needCodes';
import {
  checkIn,
  createStation,
  getStation,
  listSpecialists,
  listStationCheckins,
  listStations,
  listStationStaff,
  myCheckinToday,
  setStationStaff,
  updateStation,
} from '../services/stations';
import { createRouter, type AppEnv } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const StationParams = z.object({ id: StationRefSchema });
const NeedParams = z.object({ id: IdSchema });

const image = (type: 'image/svg+xml' | 'image/png', description: string) => ({
  description,
  content: { [type]: { schema: z.string().meta({ format: 'binary' }) } },
});

/** Answers an image with revalidation: the same code again is a 304. */
function sendImage(c: Context<AppEnv>, img: CachedImage, filename: string) {
  const headers = {
    'Content-Type': img.contentType,
    ETag: img.etag,
    'Cache-Control': 'no-cache',
    'Content-Disposition': `inline; filename="${filename}"`,
  };
  if (c.req.header('if-none-match') === img.etag) return c.body(null, 304, headers);
  return c.body(new Uint8Array(img.body), 200, headers);
}

/** The origin the request came in on: the H5 app's, when PUBLIC_BASE_URL is not set. */
const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function stationRoutes(deps: Deps) {
  const needCodes = createRouter(API_PATHS.needs);
  const specialists = createRouter(API_PATHS.specialists);
  const r = createRouter(API_PATHS.stations);
  const qr = createQrCodes(deps);

  // ---- public ---------------------------------------------------------------------------------

  r.openapi(
    defineRoute(deps, {
      operationId: 'listStations',
      method: 'get',
      path: API_PATHS.stations,
      tag: '服务站点',
      summary: '服务中心、分中心和驿站及其公示信息；可按服务类别筛选，给出位置时由近及远',
      access: 'public',
      request: { query: StationListQuerySchema },
      responses: { 200: jsonResponse(z.array(StationSchema), '站点列表', [ex.station]) },
    }),
    async (c) => c.json(await listStations(deps, c.req.valid('query')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getStation',
      method: 'get',
      path: API_PATHS.station,
      tag: '服务站点',
      summary: '一个站点（按编号或站点码）',
      access: 'public',
      request: { params: StationParams },
      responses: { 200: jsonResponse(StationSchema, '站点', ex.station) },
      errors: [404],
    }),
    async (c) => c.json(await getStation(deps, c.req.valid('param').id), 200),
  );

  for (const format of ['svg', 'png'] as const satisfies readonly QrFormat[]) {
    r.openapi(
      defineRoute(deps, {
        operationId: format === 'svg' ? 'getStationQrCodeSvg' : 'getStationQrCodePng',
        method: 'get',
        path: format === 'svg' ? API_PATHS.stationQrSvg : API_PATHS.stationQrPng,
        tag: '服务站点',
        summary:
          format === 'svg'
            ? '站点二维码（SVG，可打印）；poster=1 为带站点名称的海报；target=weapp 为小程序码'
            : '站点二维码（PNG）；poster=1 为带站点名称的海报（1200 像素宽，约 300 dpi）；target=weapp 为小程序码',
        access: 'public',
        request: { params: StationParams, query: QrCodeQuerySchema },
        responses: {
          200: image(format === 'svg' ? 'image/svg+xml' : 'image/png', '二维码图片（生成一次后缓存）'),
          304: { description: '未变化（If-None-Match）' },
        },
        errors: [404, 422, 502],
      }),
      async (c) => {
        const station = await getStation(deps, c.req.valid('param').id);
        const options = { format, ...c.req.valid('query') };
        const img = await qr.station(station, options, originOf(c));
        const name = `${station.code}-${options.target}${options.poster ? '-poster' : ''}.${format}`;
        return sendImage(c, img, name);
      },
    );
  }

  // ---- check-ins ------------------------------------------------------------------------------

  r.openapi(
    defineRoute(deps, {
      operationId: 'checkIn',
      method: 'post',
      path: API_PATHS.stationCheckins,
      tag: '服务站点',
      summary: '到站登记（企业扫站点码后）；30 分钟内重复登记视为同一次',
      access: 'signedIn',
      roles: ['enterprise'],
      request: { params: StationParams, body: jsonBody(CheckinInputSchema, { purpose: '咨询计量器具检定' }) },
      responses: { 201: jsonResponse(CheckinSchema, '已登记', ex.checkin) },
      errors: [404, 422],
    }),
    async (c) => c.json(await checkIn(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getMyStationCheckin',
      method: 'get',
      path: API_PATHS.myStationCheckin,
      tag: '服务站点',
      summary: '我今天在本站的到站登记（没有则为 null），再次打开站点页时显示“已登记”',
      access: 'signedIn',
      roles: ['enterprise'],
      request: { params: StationParams },
      responses: { 200: jsonResponse(MyCheckinSchema, '今天的到站登记', { checkin: ex.checkin }) },
      errors: [404],
    }),
    async (c) => c.json(await myCheckinToday(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'listStationCheckins',
      method: 'get',
      path: API_PATHS.stationCheckins,
      tag: '服务站点',
      summary: '站点最近的到站登记（本站服务专员接待用；运营管理人员看到的姓名已脱敏）',
      access: 'signedIn',
      roles: ['specialist', 'manager'],
      request: { params: StationParams, query: StationCheckinQuerySchema },
      responses: { 200: jsonResponse(z.array(StationCheckinSchema), '到站登记，最新在前', ex.stationCheckins) },
      errors: [404],
    }),
    async (c) => c.json(await listStationCheckins(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('query').limit), 200),
  );

  // ---- management -----------------------------------------------------------------------------

  const stationBody = {
    kind: ex.station.kind,
    name: ex.station.name,
    region: ex.station.region,
    address: ex.station.address,
    location: ex.station.location,
    phone: ex.station.phone,
    hours: ex.station.hours,
    notice: {
      intro: ex.station.notice.intro,
      items: ex.station.notice.items,
      flow: ex.station.notice.flow,
      complaintPhone: ex.station.notice.complaintPhone,
    },
  };

  r.openapi(
    defineRoute(deps, {
      operationId: 'createStation',
      method: 'post',
      path: API_PATHS.stations,
      tag: '服务站点',
      summary: '新建站点（运营管理）；站点码唯一，创建后不可修改',
      access: 'signedIn',
      roles: ['manager'],
      request: { body: jsonBody(CreateStationSchema, { code: 'HKP009', ...stationBody, kind: 'post', name: '海口市龙华区质量服务驿站' }) },
      responses: { 201: jsonResponse(StationSchema, '已创建', ex.station) },
      errors: [409],
    }),
    async (c) => c.json(await createStation(deps, c.get('principal'), c.req.valid('json')), 201),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'updateStation',
      method: 'put',
      path: API_PATHS.station,
      tag: '服务站点',
      summary: '修改站点（运营管理，带版本号）',
      access: 'signedIn',
      roles: ['manager'],
      request: { params: StationParams, body: jsonBody(UpdateStationSchema, { ...stationBody, version: ex.station.version }) },
      responses: { 200: jsonResponse(StationSchema, '修改后的站点', ex.station) },
      errors: [404, 409],
    }),
    async (c) => c.json(await updateStation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'listStationStaff',
      method: 'get',
      path: API_PATHS.stationStaff,
      tag: '服务站点',
      summary: '站点的服务专员（运营管理）',
      access: 'signedIn',
      roles: ['manager'],
      request: { params: StationParams },
      responses: { 200: jsonResponse(z.array(StationStaffMemberSchema), '服务专员', ex.stationStaff) },
      errors: [404],
    }),
    async (c) => c.json(await listStationStaff(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'setStationStaff',
      method: 'put',
      path: API_PATHS.stationStaff,
      tag: '服务站点',
      summary: '设置站点的服务专员（整体替换；站点需求进入他们的队列）',
      access: 'signedIn',
      roles: ['manager'],
      request: {
        params: StationParams,
        body: jsonBody(StationStaffInputSchema, { staff: ex.stationStaff.map((m) => ({ userId: m.userId, title: m.title })) }),
      },
      responses: { 200: jsonResponse(z.array(StationStaffMemberSchema), '设置后的服务专员', ex.stationStaff) },
      errors: [404, 422],
    }),
    async (c) => c.json(await setStationStaff(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  specialists.openapi(
    defineRoute(deps, {
      operationId: 'listSpecialists',
      method: 'get',
      path: API_PATHS.specialists,
      tag: '服务站点',
      summary: '全部服务专员及其所在站点（运营管理分配用）',
      access: 'signedIn',
      roles: ['manager'],
      responses: { 200: jsonResponse(z.array(SpecialistSchema), '服务专员', ex.specialists) },
    }),
    async (c) => c.json(await listSpecialists(deps, c.get('principal')), 200),
  );

  // ---- a need's receipt code ------------------------------------------------------------------

  needCodes.openapi(
    defineRoute(deps, {
      operationId: 'getNeedQrCodeSvg',
      method: 'get',
      path: API_PATHS.needQrSvg,
      tag: '需求',
      summary: '需求回执二维码（工作人员扫码打开该需求，最多跑一次）',
      access: 'signedIn',
      request: { params: NeedParams },
      responses: { 200: image('image/svg+xml', '二维码'), 304: { description: '未变化' } },
      errors: [404],
    }),
    async (c) => {
      const need = await findVisibleNeed(deps, c.get('principal'), { id: c.req.valid('param').id });
      return sendImage(c, await qr.need(need.number, originOf(c)), `${need.number}.svg`);
    },
  );

  needCodes.openapi(
    defineRoute(deps, {
      operationId: 'findNeedByNumber',
      method: 'get',
      path: API_PATHS.needByNumber,
      tag: '需求',
      summary: '按统一编号找到需求（扫描需求回执码后）；无权查看时 404',
      access: 'signedIn',
      request: { params: z.object({ number: z.string().min(1).max(40).meta({ example: ex.needDetail.number }) }) },
      responses: { 200: jsonResponse(NeedRefSchema, '需求', ex.needRef) },
      errors: [404],
    }),
    async (c) => c.json(await findVisibleNeed(deps, c.get('principal'), { number: c.req.valid('param').number }), 200),
  );

  return [r, specialists, needCodes];
}
