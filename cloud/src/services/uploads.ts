// Attachments: store an uploaded file (checked by the shared rule) and hand it
// back to the uploader or to the parties of a need that lists it.
import { createHash } from 'node:crypto';
import { apiPath, MAX_UPLOAD_BYTES, UPLOAD_FIELD, UPLOAD_PATHS, uploadMime, uploadProblem, type Upload } from '@qi/shared';
import { has, needVisibility } from '../auth/policy';
import { Params } from '../db/sql';
import type { Principal } from '../auth/principal';
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
 * The file, for its uploader, or for whoever may see a need that lists it —
 * among the need's attachments (a need its uploader raised or served) or a
 * provider's task result (a task of the uploader's institution or expert) —
 * or, for managers, a file of the directory (a qualification's scan, an
 * expert's title evidence). 404 for anyone else.
 */
export async function readUpload(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<{ name: string; mime: string; size: number; bytes: Buffer }> {
  const params = new Params(id, p.id, JSON.stringify([{ url: apiPath(UPLOAD_PATHS.upload, { id }) }]));
  const visible = needVisibility(p, params);
  const { rows } = await deps.db.query<{ name: string; mime: string; size: number; data_b64: string }>(
    `SELECT u.name, u.mime, u.size, encode(u.data, 'base64') AS data_b64
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
  return { name: r!.name, mime: r!.mime, size: r!.size, bytes: Buffer.from(r!.data_b64, 'base64') };
}
