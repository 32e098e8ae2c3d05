// Attachments: store an uploaded file (checked by the shared rule) and hand it
// back to the uploader or to the parties of a need that lists it, with the
// session or through a short-lived download link issued to one of them.
import { createHash } from 'node:crypto';
import {
  apiPath,
  FILE_LINK_TTL_SECONDS,
  fileLinkName,
  MAX_UPLOAD_BYTES,
  UPLOAD_FIELD,
  UPLOAD_PATHS,
  uploadMime,
  uploadProblem,
  type FileLink,
  type Upload,
} from '@qi/shared';
import { has, needVisibility } from '../auth/policy';
import { Params } from '../db/sql';
import { loadPrincipal, type Principal } from '../auth/principal';
import { issueFileToken, readFileToken } from '../auth/session';
import type { Deps } from '../deps';
import { ApiError, fail } from '../errors';

interface UploadRow {
  id: string;
  user_id: string;
  name: string;
  mime: string;
  size: number;
}

const view = (r: UploadRow): Upload => ({
  id: r.id,
  name: r.name,
  url: apiPath(UPLOAD_PATHS.upload, { id: r.id }),
  size: r.size,
  mime: r.mime,
});

export async function saveUpload(
  deps: Deps,
  p: Principal,
  file: { name: string; type: string; bytes: Uint8Array },
  idempotencyKey: string,
): Promise<{ upload: Upload; replayed: boolean }> {
  const problem = uploadProblem({ name: file.name, size: file.bytes.byteLength, mime: file.type });
  if (problem) {
    const code = file.bytes.byteLength > MAX_UPLOAD_BYTES ? 'payload_too_large' : 'validation_failed';
    throw new ApiError(code, problem, [{ path: UPLOAD_FIELD, message: problem }]);
  }
  const mime = uploadMime(file.name, file.type)!;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  return deps.db.transaction(async (tx) => {
    const inserted = await tx.query<UploadRow>(
      `INSERT INTO uploads (user_id, idempotency_key, name, mime, size, sha256, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), $8)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING
       RETURNING id, user_id, name, mime, size`,
      [p.id, idempotencyKey, file.name, mime, file.bytes.byteLength, sha256, Buffer.from(file.bytes).toString('base64'), deps.now()],
    );
    if (inserted.rows[0]) return { upload: view(inserted.rows[0]), replayed: false };
    const { rows } = await tx.query<UploadRow & { sha256: string }>(
      'SELECT id, user_id, name, mime, size, sha256 FROM uploads WHERE user_id = $1 AND idempotency_key = $2',
      [p.id, idempotencyKey],
    );
    const prior = rows[0]!;
    if (prior.sha256 !== sha256 || prior.name !== file.name) fail('idempotency_key_reused');
    return { upload: view(prior), replayed: true };
  });
}

/**
 * The upload, if `p` may read it: its uploader, or whoever may see a need that
 * lists it — among the need's attachments (a need its uploader raised or
 * served) or a provider's task result (a task of the uploader's institution or
 * expert) — or, for managers, a file of the directory (a qualification's scan,
 * an expert's title evidence). 404 for anyone else. With `data`, its bytes too.
 */
async function visibleUpload(
  deps: Deps,
  p: Principal,
  id: string,
  data: boolean,
): Promise<{ name: string; mime: string; size: number; data_b64: string | null }> {
  const params = new Params(id, p.id, JSON.stringify([{ url: apiPath(UPLOAD_PATHS.upload, { id }) }]));
  const visible = needVisibility(p, params);
  const { rows } = await deps.db.query<{ name: string; mime: string; size: number; data_b64: string | null }>(
    `SELECT u.name, u.mime, u.size, ${data ? "encode(u.data, 'base64')" : 'NULL'} AS data_b64
       FROM uploads u
      WHERE u.id = $1
        AND (u.user_id = $2
             OR EXISTS (SELECT 1 FROM needs n
                         WHERE ${visible}
                           AND (((n.attachments @> $3::jsonb
                                  OR EXISTS (SELECT 1 FROM need_events e WHERE e.need_id = n.id AND e.data -> 'attachments' @> $3::jsonb))
                                 AND (n.created_by = u.user_id
                                      OR n.enterprise_id = (SELECT enterprise_id FROM users WHERE id = u.user_id)
                                      OR n.owner_id = u.user_id))
                                -- a provider's result files, on its own task of the need
                                OR EXISTS (SELECT 1 FROM tasks t JOIN users up ON up.id = u.user_id
                                            WHERE t.need_id = n.id AND t.attachments @> $3::jsonb
                                              AND (t.institution_id = up.institution_id OR t.expert_id = up.expert_id))))
             -- the directory's files (qualification scans, title evidence), for the managers who keep it
             OR (${has(p, 'manager')}
                 AND (EXISTS (SELECT 1 FROM institutions i WHERE i.qualifications @> jsonb_build_array(jsonb_build_object('scan', $3::jsonb -> 0)))
                      OR EXISTS (SELECT 1 FROM experts x WHERE x.title_evidence @> ($3::jsonb -> 0)))))`,
    params.values,
  );
  const r = rows[0];
  if (!r) fail('not_found', '没有找到该附件，或您无权查看');
  return r!;
}

export interface StoredFile {
  name: string;
  mime: string;
  size: number;
  bytes: Buffer;
}

/** The file, for whoever may read it (visibleUpload); 404 for anyone else. */
export async function readUpload(deps: Deps, p: Principal, id: string): Promise<StoredFile> {
  const r = await visibleUpload(deps, p, id, true);
  return { name: r.name, mime: r.mime, size: r.size, bytes: Buffer.from(r.data_b64!, 'base64') };
}

/**
 * A download link of the file for `p`, who may read it (404 otherwise): its
 * path ends with the file's name, its token (`?t=`) names `p` and the file
 * and expires after FILE_LINK_TTL_SECONDS. No session is needed to follow it.
 */
export async function issueFileLink(deps: Deps, p: Principal, id: string): Promise<FileLink> {
  const { name } = await visibleUpload(deps, p, id, false);
  const { token, expiresAt } = await issueFileToken(p.id, id, deps.config.sessionSecret, FILE_LINK_TTL_SECONDS, deps.now());
  return {
    url: `${apiPath(UPLOAD_PATHS.file, { id, name: fileLinkName(name) })}?t=${token}`,
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * The file a download link serves: its token must be ours, name this file and
 * not have expired (403 / 410), and the user it was issued to must still be
 * able to read the file (404), as with a session. The name at the end of the
 * path must be the file's (404): a link names one file, under one name.
 */
export async function readLinkedFile(deps: Deps, id: string, name: string, token: string): Promise<StoredFile> {
  const userId = await readFileToken(token, id, deps.config.sessionSecret, deps.now());
  const p = await loadPrincipal(deps.db, userId);
  if (!p) fail('file_link_invalid');
  const file = await readUpload(deps, p!, id);
  if (fileLinkName(file.name) !== name) fail('not_found', '下载链接中的文件名与附件不符，请回到需求页面重新打开附件');
  return file;
}
