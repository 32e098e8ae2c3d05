// 隐私保护指引 and 用户协议: the caller's consent to the versions in force.
import { ConsentInputSchema, ConsentStatusSchema, PRIVACY_DOCUMENTS, PRIVACY_PATHS, type ConsentStatus } from '@qi/shared';
import type { Deps } from '../deps';
import { getConsent, giveConsent, withdrawConsent } from '../services/consent';
import { createRouter } from './common';
import { defineRoute, jsonBody, jsonResponse } from './route';

const documents = { privacy: { ...PRIVACY_DOCUMENTS.privacy }, terms: { ...PRIVACY_DOCUMENTS.terms } };
const agreedExample: ConsentStatus = {
  documents,
  agreed: {
    privacyVersion: PRIVACY_DOCUMENTS.privacy.version,
    termsVersion: PRIVACY_DOCUMENTS.terms.version,
    channel: 'weapp',
    at: '2026-12-01T09:30:00.000+08:00',
  },
  needed: false,
};
const neededExample: ConsentStatus = { documents, agreed: null, needed: true };

export function privacyRoutes(deps: Deps) {
  const r = createRouter(PRIVACY_PATHS.consent);

  r.openapi(
    defineRoute(deps, {
      operationId: 'getConsent',
      method: 'get',
      path: PRIVACY_PATHS.consent,
      tag: '账号',
      summary: '隐私保护指引与用户协议：现行版本，以及当前用户的同意记录（needed 为 true 时须先征得同意）',
      access: 'signedIn',
      responses: { 200: jsonResponse(ConsentStatusSchema, '同意状态', neededExample) },
    }),
    async (c) => c.json(await getConsent(deps, c.get('principal')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'giveConsent',
      method: 'post',
      path: PRIVACY_PATHS.consent,
      tag: '账号',
      summary: '同意现行版本的隐私保护指引与用户协议（记录版本、渠道与时间；已同意则不重复记录；版本不是现行版本时 409）',
      access: 'signedIn',
      request: {
        body: jsonBody(ConsentInputSchema, {
          privacyVersion: PRIVACY_DOCUMENTS.privacy.version,
          termsVersion: PRIVACY_DOCUMENTS.terms.version,
          channel: 'weapp',
        }),
      },
      responses: { 200: jsonResponse(ConsentStatusSchema, '同意后的状态', agreedExample) },
      errors: [409],
    }),
    async (c) => c.json(await giveConsent(deps, c.get('principal'), c.req.valid('json')), 200),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'withdrawConsent',
      method: 'delete',
      path: PRIVACY_PATHS.consent,
      tag: '账号',
      summary: '撤回同意（记录撤回时间）；此后使用需要个人信息的功能前会再次征得同意',
      access: 'signedIn',
      responses: { 200: jsonResponse(ConsentStatusSchema, '撤回后的状态', neededExample) },
    }),
    async (c) => c.json(await withdrawConsent(deps, c.get('principal')), 200),
  );
  return [r];
}
