// A manager edits an expert at the version read (409 when stale), with the history row.
import type { ManagedExpert, UpdateExpertInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import {
  checkUploads,
  CONTACT_CHANGED,
  contactUpdate,
  diff,
  expertColumns,
  expertRecord,
  loadExpert,
  managedExpertView,
  onlyManagers,
  recordChange,
} from './records';

export async function updateExpert(deps: Deps, p: Principal, id: string, input: UpdateExpertInput): Promise<ManagedExpert> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const before = await loadExpert(deps, tx, id, true);
    if (before.version !== input.version) fail('version_conflict', '该专家信息已被他人修改，请刷新后再编辑');
    await checkUploads(tx, [{ path: 'titleEvidence', file: input.titleEvidence }]);
    const contact = contactUpdate(deps.pii, before, input.contact);
    await tx.query(
      `UPDATE experts SET name = $1, title = $2, title_level = $3, title_evidence = $4::jsonb, fields = $5, items = $6,
              organisation = $7, region = $8, status = $9, integrity_records = $10::jsonb, intro = $11,
              contact_name_enc = coalesce($12, contact_name_enc), contact_phone_enc = coalesce($13, contact_phone_enc),
              version = version + 1, updated_at = $14
        WHERE id = $15`,
      [...expertColumns(input), contact.nameEnc, contact.phoneEnc, now, id],
    );
    const after = await loadExpert(deps, tx, id);
    const changes = [...diff(expertRecord(before), expertRecord(after)), ...(contact.changed ? [CONTACT_CHANGED] : [])];
    await recordChange(tx, p, 'expert', id, after.version, 'update', changes, now);
    return managedExpertView(deps.pii, after);
  });
}
