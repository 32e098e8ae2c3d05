// 动态评价: the thresholds (versioned), the figures and ranking of
// institutions, experts and specialists, the evidence behind each figure, and
// the proposals managers decide. Managers and supervisors read; only managers
// change thresholds, make proposals on demand and decide them.
import {
  EVALUATION_PATHS,
  EvaluationListQuerySchema,
  EvaluationListSchema,
  EvaluationSettingsUpdateSchema,
  EvaluationSettingsViewSchema,
  EvaluationSubjectDetailSchema,
  EvidenceListSchema,
  EvidenceQuerySchema,
  DEFAULT_EVALUATION_THRESHOLDS,
  IdSchema,
  ProposalDecisionInputSchema,
  ProposalListQuerySchema,
  ProposalListSchema,
  ProposalRunSchema,
  ProposalSchema,
  SubjectParamsSchema,
  type EvaluationFigures,
  type EvaluationSubject,
  type Proposal,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import {
  decideProposal,
  getEvaluation,
  getEvaluationSettings,
  listEvaluations,
  listEvidence,
  listProposals,
  runProposals,
  updateEvaluationSettings,
} from '../services/evaluation';
import { createRouter } from './common';
import { defineRoute, jsonBody, jsonResponse } from './route';

const TAG = '动态评价';
const readers = { access: 'signedIn', roles: ['manager', 'supervisor'] } as const;
const manager = { access: 'signedIn', roles: ['manager'] } as const;

// ---- examples
const window = { months: 12, from: '2025-12-02', to: '2026-12-02' };
const figures: EvaluationFigures = {
  served: 12,
  completion: { met: 9, of: 10, rate: 0.9 },
  onTime: { met: 7, of: 10, rate: 0.7 },
  satisfaction: { met: 8, of: 8, rate: 1 },
  complaints: 0,
  declines: 1,
};
const subject: EvaluationSubject = {
  kind: 'institution',
  id: '5b0e1c7e-2f4a-4c1b-9a34-0d6f1e2a3b4c',
  name: '海南省计量测试研究中心',
  status: 'active',
  figures,
  level: 'warn',
  findings: ['预警：按时率 70%（7/10）低于 80%'],
};
const proposal: Proposal = {
  id: '8f3a2c1d-6b5e-4a9f-8c7d-1e2f3a4b5c6d',
  version: 1,
  subjectKind: 'institution',
  subjectId: subject.id,
  subjectName: subject.name,
  kind: 'warn',
  fromStatus: 'active',
  toStatus: 'warned',
  state: 'pending',
  figures,
  window,
  thresholdsVersion: 1,
  findings: subject.findings,
  createdAt: '2026-12-02T01:00:00.000Z',
  decidedAt: null,
  decidedBy: null,
  reason: null,
};
const settings = {
  thresholds: DEFAULT_EVALUATION_THRESHOLDS,
  defaults: DEFAULT_EVALUATION_THRESHOLDS,
  version: 1,
  updatedAt: '2026-11-20T02:00:00.000Z',
  updatedBy: '王*',
};

export function evaluationRoutes(deps: Deps) {
  const r = createRouter(EVALUATION_PATHS.settings);

  r.openapi(
    defineRoute(deps, {
      operationId: 'getEvaluationSettings',
      method: 'get',
      path: EVALUATION_PATHS.settings,
      tag: TAG,
      summary: '动态评价的评价周期和阈值（预警、暂停、淘汰退出），含版本和最近修改',
      ...readers,
      responses: { 200: jsonResponse(EvaluationSettingsViewSchema, '评价阈值', settings) },
    }),
    async (c) => c.json(await getEvaluationSettings(deps, c.get('principal')), 200),
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'updateEvaluationSettings',
      method: 'put',
      path: EVALUATION_PATHS.settings,
      tag: TAG,
      summary: '修改评价周期和阈值（运营管理）；version 须为当前版本（否则 409）；此后的评价和建议按新阈值',
      ...manager,
      request: { body: jsonBody(EvaluationSettingsUpdateSchema, { version: 1, thresholds: DEFAULT_EVALUATION_THRESHOLDS }) },
      responses: { 200: jsonResponse(EvaluationSettingsViewSchema, '修改后的评价阈值', settings) },
      errors: [409],
    }),
    async (c) => c.json(await updateEvaluationSettings(deps, c.get('principal'), c.req.valid('json')), 200),
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'listEvaluations',
      method: 'get',
      path: EVALUATION_PATHS.subjects,
      tag: TAG,
      summary: '评价排行：服务机构、专家或服务专员在评价周期内的服务量、完成率、按时率、满意率、有效投诉、拒单',
      ...readers,
      request: { query: EvaluationListQuerySchema },
      responses: { 200: jsonResponse(EvaluationListSchema, '评价排行', { window, thresholdsVersion: 1, items: [subject] }) },
    }),
    async (c) => c.json(await listEvaluations(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'getEvaluation',
      method: 'get',
      path: EVALUATION_PATHS.subject,
      tag: TAG,
      summary: '一个评价对象的各项指标、触及的阈值和历次处理建议',
      ...readers,
      request: { params: SubjectParamsSchema },
      responses: {
        200: jsonResponse(EvaluationSubjectDetailSchema, '评价详情', { ...subject, window, thresholdsVersion: 1, proposals: [proposal] }),
      },
      errors: [404],
    }),
    async (c) => {
      const { kind, id } = c.req.valid('param');
      return c.json(await getEvaluation(deps, c.get('principal'), kind, id), 200);
    },
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'listEvaluationEvidence',
      method: 'get',
      path: EVALUATION_PATHS.evidence,
      tag: TAG,
      summary: '一项指标的依据：计入的每个需求、任务或投诉，是否达标，以及比较的期限和结果',
      ...readers,
      request: { params: SubjectParamsSchema, query: EvidenceQuerySchema },
      responses: {
        200: jsonResponse(EvidenceListSchema, '指标依据', {
          figure: 'onTime',
          window,
          items: [
            {
              needId: '0b6f3c2a-1d4e-4f5a-9b8c-7d6e5f4a3b2c',
              needNumber: 'QI20261015-0003',
              needTitle: '电子秤检定校准',
              taskId: '1c7a4d3b-2e5f-4a6b-8c9d-0e1f2a3b4c5d',
              complaintId: null,
              on: '2026-10-15',
              met: true,
              detail: '接单期限 2026-10-16，2026-10-16 接单；答复期限 2026-10-22，2026-10-21 完成',
            },
          ],
        }),
      },
      errors: [404],
    }),
    async (c) => {
      const { kind, id } = c.req.valid('param');
      return c.json(await listEvidence(deps, c.get('principal'), kind, id, c.req.valid('query').figure), 200);
    },
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'listEvaluationProposals',
      method: 'get',
      path: EVALUATION_PATHS.proposals,
      tag: TAG,
      summary: '评价建议（预警、暂停派单、淘汰退出、恢复正常），新的在前；可按状态或对象筛选',
      ...readers,
      request: { query: ProposalListQuerySchema },
      responses: { 200: jsonResponse(ProposalListSchema, '评价建议', { items: [proposal] }) },
    }),
    async (c) => c.json(await listProposals(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'runEvaluationProposals',
      method: 'post',
      path: EVALUATION_PATHS.runProposals,
      tag: TAG,
      summary: '立即评价（运营管理）：按现行阈值生成建议，不再适用的待决定建议失效；定时任务也会这样做',
      ...manager,
      responses: { 200: jsonResponse(ProposalRunSchema, '生成结果与待决定的建议', { created: 1, superseded: 0, pending: [proposal] }) },
    }),
    async (c) => c.json(await runProposals(deps, c.get('principal')), 200),
  );
  r.openapi(
    defineRoute(deps, {
      operationId: 'decideEvaluationProposal',
      method: 'post',
      path: EVALUATION_PATHS.decision,
      tag: TAG,
      summary: '决定评价建议（运营管理）：采纳或不采纳，须写理由；采纳即调整机构或专家的状态并告知对方；已决定 422，version 过期 409',
      ...manager,
      request: {
        params: z.object({ id: IdSchema }),
        body: jsonBody(ProposalDecisionInputSchema, { version: 1, decision: 'accept', reason: '近一年按时率持续偏低，先予预警' }),
      },
      responses: {
        200: jsonResponse(ProposalSchema, '决定后的建议', {
          ...proposal,
          version: 2,
          state: 'accepted',
          decidedAt: '2026-12-02T03:00:00.000Z',
          decidedBy: '王*',
          reason: '近一年按时率持续偏低，先予预警',
        }),
      },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await decideProposal(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return [r];
}
