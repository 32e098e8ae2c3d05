// The directories (机构名录、专家库): the public pages of 服务大厅 (an
// institution with its qualifications, the expert directory; never a
// contact), and what managers keep: list, read, add, edit at a version, and
// the history of every change, contacts masked.
import {
  CreateExpertSchema,
  CreateInstitutionSchema,
  DIRECTORY_PATHS,
  DirectoryChangeSchema,
  ExpertQuerySchema,
  ExpertSchema,
  IdSchema,
  InstitutionPageSchema,
  MANAGE_DIRECTORY_PATHS,
  ManagedDirectoryQuerySchema,
  ManagedExpertSchema,
  ManagedInstitutionSchema,
  UpdateExpertSchema,
  UpdateInstitutionSchema,
} from '@qi/shared';
import { z } from 'zod';
import type { Deps } from '../deps';
import { createExpert } from '../services/directory/createExpert';
import { createInstitution } from '../services/directory/createInstitution';
import { expertHistory } from '../services/directory/expertHistory';
import { getManagedExpert } from '../services/directory/getManagedExpert';
import { getManagedInstitution } from '../services/directory/getManagedInstitution';
import { getPublicExpert } from '../services/directory/getPublicExpert';
import { getPublicInstitution } from '../services/directory/getPublicInstitution';
import { listPublicExperts } from '../services/directory/listPublicExperts';
import { institutionHistory } from '../services/directory/institutionHistory';
import { listManagedExperts } from '../services/directory/listManagedExperts';
import { listManagedInstitutions } from '../services/directory/listManagedInstitutions';
import { updateExpert } from '../services/directory/updateExpert';
import { updateInstitution } from '../services/directory/updateInstitution';
import { createRouter } from './common';
import * as ex from './examples';
import { defineRoute, jsonBody, jsonResponse } from './route';

const IdParams = z.object({ id: IdSchema });
const TAG = '名录维护';
const manager = { access: 'signedIn', roles: ['manager'] } as const;

export function directoryRoutes(deps: Deps) {
  // 服务大厅's public pages live under their resources; the managers' under /api/manage.
  const institutions = createRouter(DIRECTORY_PATHS.institutions);
  const experts = createRouter(DIRECTORY_PATHS.experts);
  const manage = createRouter(MANAGE_DIRECTORY_PATHS.institutions);

  // ---- public: 服务大厅
  institutions.openapi(
    defineRoute(deps, {
      operationId: 'getInstitution',
      method: 'get',
      path: DIRECTORY_PATHS.institution,
      tag: '服务目录',
      summary: '服务机构的公开页面：公开信息与资质（含是否在有效期内），不含联系人；暂停、退出的机构 404',
      access: 'public',
      request: { params: IdParams },
      responses: { 200: jsonResponse(InstitutionPageSchema, '服务机构', ex.institutionPage) },
      errors: [404],
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(await getPublicInstitution(deps, c.req.valid('param').id), 200);
    },
  );
  experts.openapi(
    defineRoute(deps, {
      operationId: 'listExperts',
      method: 'get',
      path: DIRECTORY_PATHS.experts,
      tag: '服务目录',
      summary: '专家库（公开信息）：按服务类别、服务项目、地区查找在册专家，不含联系方式',
      access: 'public',
      request: { query: ExpertQuerySchema },
      responses: { 200: jsonResponse(z.array(ExpertSchema), '专家列表', [ex.expert]) },
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(await listPublicExperts(deps, c.req.valid('query')), 200);
    },
  );
  experts.openapi(
    defineRoute(deps, {
      operationId: 'getExpert',
      method: 'get',
      path: DIRECTORY_PATHS.expert,
      tag: '服务目录',
      summary: '专家的公开信息（不含联系方式和诚信记录）；暂停、退出的专家 404',
      access: 'public',
      request: { params: IdParams },
      responses: { 200: jsonResponse(ExpertSchema, '专家', ex.expert) },
      errors: [404],
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(await getPublicExpert(deps, c.req.valid('param').id), 200);
    },
  );

  // ---- institutions
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listManagedInstitutions',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.institutions,
      tag: TAG,
      summary: '机构名录（运营管理）：全部状态，联系人脱敏',
      ...manager,
      request: { query: ManagedDirectoryQuerySchema },
      responses: { 200: jsonResponse(z.array(ManagedInstitutionSchema), '机构列表', [ex.managedInstitution]) },
    }),
    async (c) => c.json(await listManagedInstitutions(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'createInstitution',
      method: 'post',
      path: MANAGE_DIRECTORY_PATHS.institutions,
      tag: TAG,
      summary: '新增服务机构（入驻）；统一社会信用代码须有效且未登记（否则 409）',
      ...manager,
      request: { body: jsonBody(CreateInstitutionSchema, ex.createInstitution) },
      responses: { 201: jsonResponse(ManagedInstitutionSchema, '已登记', ex.managedInstitution) },
      errors: [409, 422],
    }),
    async (c) => c.json(await createInstitution(deps, c.get('principal'), c.req.valid('json')), 201),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'getManagedInstitution',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.institution,
      tag: TAG,
      summary: '服务机构详情（运营管理，编辑用；联系人脱敏）',
      ...manager,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ManagedInstitutionSchema, '服务机构', ex.managedInstitution) },
      errors: [404],
    }),
    async (c) => c.json(await getManagedInstitution(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'updateInstitution',
      method: 'put',
      path: MANAGE_DIRECTORY_PATHS.institution,
      tag: TAG,
      summary: '修改服务机构（带版本号，否则 409）；不传 contact 则联系人不变；每次修改记入历史',
      ...manager,
      request: {
        params: IdParams,
        body: jsonBody(UpdateInstitutionSchema, { ...ex.createInstitution, contact: undefined, version: ex.managedInstitution.version }),
      },
      responses: { 200: jsonResponse(ManagedInstitutionSchema, '修改后的服务机构', ex.managedInstitution) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await updateInstitution(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listInstitutionHistory',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.institutionHistory,
      tag: TAG,
      summary: '服务机构的修改历史（谁、何时、改了什么；新的在前）',
      ...manager,
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.array(DirectoryChangeSchema), '修改历史', ex.directoryHistory) },
      errors: [404],
    }),
    async (c) => c.json(await institutionHistory(deps, c.get('principal'), c.req.valid('param').id), 200),
  );

  // ---- experts
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listManagedExperts',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.experts,
      tag: TAG,
      summary: '专家库（运营管理）：全部状态，联系人脱敏',
      ...manager,
      request: { query: ManagedDirectoryQuerySchema },
      responses: { 200: jsonResponse(z.array(ManagedExpertSchema), '专家列表', [ex.managedExpert]) },
    }),
    async (c) => c.json(await listManagedExperts(deps, c.get('principal'), c.req.valid('query')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'createExpert',
      method: 'post',
      path: MANAGE_DIRECTORY_PATHS.experts,
      tag: TAG,
      summary: '新增专家（须副高级及以上职称并附证明材料）',
      ...manager,
      request: { body: jsonBody(CreateExpertSchema, ex.createExpert) },
      responses: { 201: jsonResponse(ManagedExpertSchema, '已登记', ex.managedExpert) },
      errors: [422],
    }),
    async (c) => c.json(await createExpert(deps, c.get('principal'), c.req.valid('json')), 201),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'getManagedExpert',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.expert,
      tag: TAG,
      summary: '专家详情（运营管理，编辑用；联系人脱敏）',
      ...manager,
      request: { params: IdParams },
      responses: { 200: jsonResponse(ManagedExpertSchema, '专家', ex.managedExpert) },
      errors: [404],
    }),
    async (c) => c.json(await getManagedExpert(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'updateExpert',
      method: 'put',
      path: MANAGE_DIRECTORY_PATHS.expert,
      tag: TAG,
      summary: '修改专家（带版本号，否则 409）；不传 contact 则联系人不变；每次修改记入历史',
      ...manager,
      request: {
        params: IdParams,
        body: jsonBody(UpdateExpertSchema, { ...ex.createExpert, contact: undefined, version: ex.managedExpert.version }),
      },
      responses: { 200: jsonResponse(ManagedExpertSchema, '修改后的专家', ex.managedExpert) },
      errors: [404, 409, 422],
    }),
    async (c) => c.json(await updateExpert(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  manage.openapi(
    defineRoute(deps, {
      operationId: 'listExpertHistory',
      method: 'get',
      path: MANAGE_DIRECTORY_PATHS.expertHistory,
      tag: TAG,
      summary: '专家的修改历史（谁、何时、改了什么；新的在前）',
      ...manager,
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.array(DirectoryChangeSchema), '修改历史', ex.directoryHistory) },
      errors: [404],
    }),
    async (c) => c.json(await expertHistory(deps, c.get('principal'), c.req.valid('param').id), 200),
  );
  return [institutions, experts, manage];
}
