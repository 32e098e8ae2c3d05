// POST /api/uploads (multipart, field `file`) and GET /api/uploads/{id}.
// Mounted ahead of the app's JSON-only and 256 KB body rules: a file is
// multipart and up to MAX_UPLOAD_BYTES, with its own limit here.
import { IdSchema, MAX_UPLOAD_BYTES, UPLOAD_FIELD, UPLOAD_PATHS, UPLOAD_TYPES, UploadSchema } from '@qi/shared';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../deps';
import { ApiError } from '../errors';
import { readUpload, saveUpload } from '../services/uploads';
import { createRouter, idempotencyKey } from './common';
import * as ex from './examples';
import { defineRoute, jsonResponse } from './route';

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
      responses: {
        200: {
          description: '文件内容，以上传时认定的类型返回',
          // Served with the type the upload was stored as, so each accepted type is a media type of the reply.
          content: Object.fromEntries(
            Object.keys(UPLOAD_TYPES).map((type) => [type, { schema: z.any().meta({ type: 'string', format: 'binary' }) }]),
          ),
        },
      },
      errors: [404],
    }),
    async (c) => {
      const f = await readUpload(deps, c.get('principal'), c.req.valid('param').id);
      return c.body(new Uint8Array(f.bytes), 200, {
        'content-type': f.mime,
        'content-length': String(f.size),
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
    },
  );
  return [r];
}
