// The working-day calendar: the years in force (public: every deadline shown
// is counted on it) and, for managers, publishing a year and importing a
// holiday-cn file as a draft.
import { z } from '@hono/zod-openapi';
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CALENDAR_PATHS,
  CalendarPublishSchema,
  CalendarViewSchema,
  CalendarYearSchema,
  HolidayCnDraftSchema,
  HolidayCnFileSchema,
} from '@qi/shared';
import type { Deps } from '../deps';
import { getCalendar, importHolidayCn, publishCalendarYear } from '../services/calendar';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const yearRange = `年份须为 ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR} 的整数`;
const YearParamSchema = z.object({
  year: z.coerce
    .number({ error: yearRange })
    .int({ error: yearRange })
    .min(CALENDAR_FIRST_YEAR, { error: yearRange })
    .max(CALENDAR_LAST_YEAR, { error: yearRange })
    .meta({ example: 2027 }),
});

export function calendarRoutes(deps: Deps) {
  const r = createRouter(CALENDAR_PATHS.calendar);

  r.openapi(
    defineRoute(deps, {
      operationId: 'getCalendar',
      method: 'get',
      path: CALENDAR_PATHS.calendar,
      tag: '设置',
      summary: '工作日日历：各年放假安排（已发布，或发布前暂按法定假日），缓存标记 stamp，以及需提醒发布的年份',
      access: 'public',
      responses: { 200: jsonResponse(CalendarViewSchema, '工作日日历', ex.calendarView) },
    }),
    async (c) => c.json(await getCalendar(deps), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'publishCalendarYear',
      method: 'put',
      path: CALENDAR_PATHS.year,
      tag: '设置',
      summary: '发布或更正一年的放假安排；此后计算的期限按新安排，已给出的期限不变；version 须为当前版本（未发布过为 0，否则 409）',
      access: 'signedIn',
      roles: ['manager'],
      request: { params: YearParamSchema, body: jsonBody(CalendarPublishSchema, ex.calendarPublish) },
      responses: { 200: jsonResponse(CalendarYearSchema, '发布后的放假安排', ex.calendarYear) },
      errors: [409],
    }),
    async (c) => c.json(await publishCalendarYear(deps, c.get('principal'), c.req.valid('param').year, c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'importHolidayCn',
      method: 'post',
      path: CALENDAR_PATHS.importHolidayCn,
      tag: '设置',
      summary: '把 holiday-cn 格式的 JSON（{year, papers, days:[{name, date, isOffDay}]}）转换为待核对的放假安排草稿（不保存）',
      access: 'signedIn',
      roles: ['manager'],
      request: { body: jsonBody(HolidayCnFileSchema, ex.holidayCnFile) },
      responses: { 200: jsonResponse(HolidayCnDraftSchema, '草稿', ex.holidayCnDraft) },
    }),
    async (c) => c.json(importHolidayCn(c.get('principal'), c.req.valid('json')), 200),
  );
  return [r];
}
