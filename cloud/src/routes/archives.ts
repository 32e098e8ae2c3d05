// Archives (一项一档, 一企一档): a need's archive and an enterprise's dossier,
// as JSON and as printable PDFs; the archive search; the periodic review
// (复查); and the half-year summary (半年工作总结) as a PDF.
import {
  ARCHIVE_PATHS,
  ArchivePageSchema,
  ArchiveReviewInputSchema,
  ArchiveReviewSchema,
  ArchiveSearchQuerySchema,
  EnterpriseDossierSchema,
  HalfYearQuerySchema,
  IdSchema,
  NeedArchiveSchema,
  PDF_TYPE,
  type ArchivePage,
  type ArchiveReview,
  type EnterpriseDossier,
  type NeedArchive,
} from '@qi/shared';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps';
import { getEnterpriseDossier } from '../services/archives/enterpriseDossier';
import { getNeedArchive } from '../services/archives/needArchive';
import { reviewArchive } from '../services/archives/reviewArchive';
import { searchArchives } from '../services/archives/searchArchives';
import { contentDisposition, createRouter } from './common';
import * as ex from './examples';

// The PDF writers (pdfkit, fontkit: ~800 KB) load at the first PDF asked for, not at a serverless cold start.
const archivePdfs = () => import('../services/archives/archivePdf');
const halfYearSummary = () => import('../services/archives/halfYearSummary');
import { defineRoute, jsonBody, jsonResponse } from './route';

const IdParams = z.object({ id: IdSchema });
const TAG = '档案';
const pdfResponse = (description: string) => ({ description, content: { [PDF_TYPE]: { schema: z.string().meta({ format: 'binary' }) } } });

function sendPdf(c: Context, body: Buffer, asciiName: string, name: string) {
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': PDF_TYPE,
    'Content-Disposition': contentDisposition('attachment', name, asciiName),
    'Cache-Control': 'no-store',
  });
}

const exReview: ArchiveReview = {
  id: '5a1c7e0f-3b9d-4c2a-9e8f-0d1b2c3a4e5f',
  at: '2027-01-15T02:30:00.000Z',
  reviewer: { id: ex.needDetail.owner?.id ?? '7b3e9d2a-1c4f-4e8b-a6d5-2f0c9e8b7a61', name: '王**' },
  findings: '登记表、过程记录、服务报告与评价齐全，归档及时。',
  complete: true,
};
const exEnterprise = {
  id: ex.needDetail.enterprise.id,
  name: ex.needDetail.enterprise.name,
  creditCode: '91460105MA5T8H3R2K',
  region: '海口市',
  address: '海口市龙华区滨海大道 88 号',
  industry: '食品制造',
  scale: 'small',
};
const exArchive: NeedArchive = {
  need: ex.needDetail,
  enterprise: exEnterprise,
  stationName: null,
  closedAt: null,
  retainedUntil: null,
  complaints: [ex.complaintDetail],
  reviews: [exReview],
  desensitised: true,
  generatedAt: '2027-01-15T02:30:00.000Z',
};
const exDossier: EnterpriseDossier = {
  enterprise: exEnterprise,
  needs: [
    {
      id: ex.needDetail.id,
      number: ex.needDetail.number,
      title: ex.needDetail.title,
      state: 'closed',
      categories: ex.needDetail.categories,
      submittedOn: '2026-03-02',
      closedAt: '2026-03-20T08:00:00.000Z',
      result: '已出具检测方案并完成咨询',
      reports: [{ provider: '海南省产品质量监督检验所', result: '已出具检测方案', files: ['检测方案.pdf'] }],
      rating: { overall: 'satisfied', resolved: true },
    },
  ],
  desensitised: false,
  generatedAt: '2027-01-15T02:30:00.000Z',
};
const exPage: ArchivePage = {
  items: [
    {
      id: ex.needDetail.id,
      number: ex.needDetail.number,
      title: ex.needDetail.title,
      state: ex.needDetail.state,
      categories: ex.needDetail.categories,
      enterprise: ex.needDetail.enterprise,
      submittedOn: '2026-03-02',
      closedAt: null,
      reviews: 0,
    },
  ],
  nextCursor: null,
  desensitised: false,
};

const READERS = ['enterprise', 'specialist', 'manager', 'supervisor'] as const;

export function archiveRoutes(deps: Deps) {
  const r = createRouter(ARCHIVE_PATHS.search);
  const reports = createRouter(ARCHIVE_PATHS.halfYearPdf);

  r.openapi(
    defineRoute(deps, {
      operationId: 'searchArchives',
      method: 'get',
      path: ARCHIVE_PATHS.search,
      tag: TAG,
      summary: '档案检索：按需求编号、企业（名称或统一社会信用代码）、类别、提交日期与状态查找需求档案，新的在前',
      description: '服务专员只能检索本人负责及所在站点的需求。列表不含个人信息。',
      access: 'signedIn',
      roles: ['specialist', 'manager', 'supervisor'],
      request: { query: ArchiveSearchQuerySchema },
      responses: { 200: jsonResponse(ArchivePageSchema, '一页档案', exPage) },
    }),
    async (c) => c.json(await searchArchives(deps, c.get('principal'), c.req.valid('query')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getNeedArchive',
      method: 'get',
      path: ARCHIVE_PATHS.need,
      tag: TAG,
      summary: '一项一档：需求的完整档案（登记表、过程记录、任务及结果、评价、投诉、复查记录）',
      description:
        '企业只能查看本企业的需求；运营管理与监督部门看到的个人姓名与电话已脱敏，监督部门看到的专家姓名也已脱敏。服务专员查看未脱敏的联系人时记入个人信息查阅记录。',
      access: 'signedIn',
      roles: READERS,
      request: { params: IdParams },
      responses: { 200: jsonResponse(NeedArchiveSchema, '需求档案', exArchive) },
      errors: [404],
    }),
    async (c) => c.json(await getNeedArchive(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'downloadNeedArchivePdf',
      method: 'get',
      path: ARCHIVE_PATHS.needPdf,
      tag: TAG,
      summary: '一项一档导出为 PDF（可打印，内嵌中文字体）；脱敏规则与档案相同',
      access: 'signedIn',
      roles: READERS,
      request: { params: IdParams },
      responses: { 200: pdfResponse('需求档案 PDF') },
      errors: [404],
    }),
    async (c) => {
      const archive = await getNeedArchive(deps, c.get('principal'), c.req.valid('param').id);
      const n = archive.need.number;
      return sendPdf(c, await (await archivePdfs()).needArchivePdf(archive), `archive-${n}.pdf`, `需求档案-${n}.pdf`);
    },
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'reviewNeedArchive',
      method: 'post',
      path: ARCHIVE_PATHS.needReviews,
      tag: TAG,
      summary: '登记档案复查（DB46/T 583 7.5.4）：复查人、时间、档案是否齐全与复查意见，列入该需求档案',
      access: 'signedIn',
      roles: ['manager'],
      request: {
        params: IdParams,
        body: jsonBody(ArchiveReviewInputSchema, { findings: '登记表、过程记录、服务报告与评价齐全，归档及时。', complete: true }),
      },
      responses: { 201: jsonResponse(ArchiveReviewSchema, '已登记的复查', exReview) },
      errors: [404],
    }),
    async (c) => c.json(await reviewArchive(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getEnterpriseDossier',
      method: 'get',
      path: ARCHIVE_PATHS.enterprise,
      tag: TAG,
      summary: '一企一档：企业信息及其全部需求（办理结果、服务报告、评价），新的在前',
      description: '企业只能查看本企业；服务专员看到其可见的需求；监督部门看到的专家姓名已脱敏。',
      access: 'signedIn',
      roles: READERS,
      request: { params: IdParams },
      responses: { 200: jsonResponse(EnterpriseDossierSchema, '企业档案', exDossier) },
      errors: [404],
    }),
    async (c) => c.json(await getEnterpriseDossier(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'downloadEnterpriseDossierPdf',
      method: 'get',
      path: ARCHIVE_PATHS.enterprisePdf,
      tag: TAG,
      summary: '一企一档导出为 PDF（可打印，内嵌中文字体）',
      access: 'signedIn',
      roles: READERS,
      request: { params: IdParams },
      responses: { 200: pdfResponse('企业档案 PDF') },
      errors: [404],
    }),
    async (c) => {
      const dossier = await getEnterpriseDossier(deps, c.get('principal'), c.req.valid('param').id);
      return sendPdf(
        c,
        await (await archivePdfs()).enterpriseDossierPdf(dossier),
        `dossier-${dossier.enterprise.id}.pdf`,
        `企业档案-${dossier.enterprise.name}.pdf`,
      );
    },
  );

  reports.openapi(
    defineRoute(deps, {
      operationId: 'downloadHalfYearSummaryPdf',
      method: 'get',
      path: ARCHIVE_PATHS.halfYearPdf,
      tag: TAG,
      summary: '半年工作总结（DB46/T 583 9.1.3）PDF：所选期间的统计指标、投诉及处理、回访、警示与退出的服务机构和专家',
      description: '期间最长一年。监督部门得到脱敏版本。',
      access: 'signedIn',
      roles: ['manager', 'supervisor'],
      request: { query: HalfYearQuerySchema },
      responses: { 200: pdfResponse('半年工作总结 PDF') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return sendPdf(
        c,
        await (await halfYearSummary()).halfYearSummaryPdf(deps, c.get('principal'), q),
        `summary-${q.from}-${q.to}.pdf`,
        `工作总结-${q.from}至${q.to}.pdf`,
      );
    },
  );
  return [r, reports];
}
