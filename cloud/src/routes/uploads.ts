// POST /api/uploads (multipart, field `file`), GET /api/uploads/{id} (with
// the session), GET /api/uploads/{id}/link (a short-lived download link) and
// GET /api/files/{id}/{name}?t= (the file through that link, no session).
// Mounted ahead of the app's JSON-only and 256 KB body rules: a file is
// multipart and up to MAX_UPLOAD_BYTES, with its own limit here.
import {
  FILE_LINK_TTL_SECONDS,
  FileLinkSchema,
  IdSchema,
  isImageMime,
  MAX_UPLOAD_BYTES,
  UPLOAD_FIELD,
  UPLOAD_PATHS,
  UPLOAD_TYPES,
  UploadSchema,
} from '@qi/shared';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import { issueFileLink, readLinkedFile, readUpload, saveUpload, type StoredFile } from '../services/uploads';
import { contentDisposition, createRouter, idempotencyKey } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

/** A file as the reply: its stored type, its name; images and PDFs shown in place, anything else saved. */
function sendFile(c: Context, f: StoredFile, cacheControl: string) {
  const shown = isImageMime(f.mime) || f.mime === 'application/pdf';
  return c.body(new Uint8Array(f.bytes), 200, {
    'content-type': f.mime,
    'content-length': String(f.size),
    'content-disposition': contentDisposition(shown ? 'inline' : 'attachment', f.name),
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  });
}

const fileResponse = (description: string) => ({
  description,
  // Served with the type the upload was stored as, so each accepted type is a media type of the reply.
  content: Object.fromEntries(
    Object.keys(UPLOAD_TYPES).map((type) => [type, { schema: z.any().meta({ type: 'string', format: 'binary' }) }]),
  ),
});

/** The token of a download link, as GET /api/uploads/{id}/link puts it in the link. */
const FileTokenSchema = z
  .string({ error: '下载链接不完整，请回到需求页面重新打开附件' })
  .max(1000, { error: '下载链接无效，请回到需求页面重新打开附件' })
  .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, { error: '下载链接无效，请回到需求页面重新打开附件' })
  .meta({ description: '下载令牌（随链接给出）', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl' });

/** The multipart envelope around the largest file. */
const ENVELOPE_BYTES = 64 * 1024;

export function uploadRoutes(deps: Deps) {
  const r = createRouter(UPLOAD_PATHS.uploads);
  const limit = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + ENVELOPE_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `单个附件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    },
  });

  r.openapi(
    defineRoute(deps, {
      operationId: 'uploadFile',
      method: 'post',
      path: UPLOAD_PATHS.uploads,
      tag: '附件',
      summary: `上传一个附件（图片、PDF、Word、Excel、文本，单个不超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）；同一 Idempotency-Key 重试返回同一附件`,
      access: 'signedIn',
      idempotencyKey: '每个文件生成一个，重试时沿用',
      middleware: [limit],
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({
                [UPLOAD_FIELD]: z.any().meta({ type: 'string', format: 'binary', description: '文件' }),
                name: z.string().optional().meta({ description: '原文件名（小程序的临时路径不带原名时）' }),
              }),
            },
          },
        },
      },
      responses: { 201: jsonResponse(UploadSchema, '已保存', ex.upload) },
      errors: [422],
    }),
    async (c) => {
      const key = idempotencyKey(c);
      const form = c.req.valid('form') as Record<string, unknown>;
      const file = form[UPLOAD_FIELD];
      if (!(file instanceof File)) {
        throw new ApiError('validation_failed', '请选择要上传的文件', [{ path: UPLOAD_FIELD, message: '请选择要上传的文件' }]);
      }
      const name = typeof form.name === 'string' && form.name.trim() ? form.name.trim() : file.name;
      const { upload, replayed } = await saveUpload(
        deps,
        c.get('principal'),
        { name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
        key,
      );
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(upload, 201);
    },
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'downloadFile',
      method: 'get',
      path: UPLOAD_PATHS.upload,
      tag: '附件',
      summary: '下载附件（上传者，或能查看引用它的需求的一方）',
      access: 'signedIn',
      request: { params: z.object({ id: IdSchema }) },
      responses: { 200: fileResponse('文件内容，以上传时认定的类型返回') },
      errors: [404],
    }),
    async (c) => sendFile(c, await readUpload(deps, c.get('principal'), c.req.valid('param').id), 'private, max-age=3600'),
  );

  r.openapi(
    defineRoute(deps, {
      operationId: 'getFileLink',
      method: 'get',
      path: UPLOAD_PATHS.uploadLink,
      tag: '附件',
      summary: `附件的下载链接（与下载附件同样的查看范围）：路径以文件名结尾，无需登录即可打开，${FILE_LINK_TTL_SECONDS / 60} 分钟内有效`,
      description:
        '链接只属于调用者和这个附件：令牌已签名、有有效期；打开时再次确认调用者仍可查看该附件。H5 在新标签页打开（浏览器的 PDF 阅读器和保存按钮沿用文件名），小程序用它 downloadFile（无需请求头）。',
      access: 'signedIn',
      request: { params: z.object({ id: IdSchema }) },
      responses: {
        200: jsonResponse(FileLinkSchema, '下载链接', {
          url: `/api/files/${ex.upload.id}/${encodeURIComponent('检测报告.pdf')}?t=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl`,
          expiresAt: '2026-04-15T02:35:00.000Z',
        }),
      },
      errors: [404],
    }),
    async (c) => {
      const link = await issueFileLink(deps, c.get('principal'), c.req.valid('param').id);
      c.header('cache-control', 'private, no-store');
      return c.json(link, 200);
    },
  );

  const files = createRouter(UPLOAD_PATHS.file);
  files.openapi(
    defineRoute(deps, {
      operationId: 'openFileLink',
      method: 'get',
      path: UPLOAD_PATHS.file,
      tag: '附件',
      summary: '通过下载链接打开附件（无需登录）：图片和 PDF 在浏览器中直接显示，其他类型下载，均沿用原文件名',
      description:
        '令牌须由本服务签发、对应此附件且未过期：伪造或改动 403 file_link_invalid，过期 410 file_link_expired；签发对象已无权查看该附件时 404。不缓存（Cache-Control: private, no-store）。',
      access: 'public',
      request: {
        params: z.object({
          id: IdSchema,
          name: z.string().min(1).max(200).meta({ description: '文件名（随链接给出）', example: '检测报告.pdf' }),
        }),
        query: z.object({ t: FileTokenSchema }),
      },
      responses: { 200: fileResponse('文件内容，以上传时认定的类型返回；Content-Disposition 带原文件名') },
      errors: [403, 404, 410],
      errorCodes: { 403: ['file_link_invalid'], 410: ['file_link_expired'] },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      return sendFile(c, await readLinkedFile(deps, id, name, c.req.valid('query').t), 'private, no-store');
    },
  );
  return [r, files];
}
