// A manager edits an expert at the version read (409 when stale), with the history row.
import type { ManagedExpert, UpdateExpertInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { checkUploads, CONTACT_CHANGED, diff, expertRecord, loadExpert, managedExpertView, onlyManagers, recordChange } from './records';

export async function updateExpert(deps: Deps, p: Principal, id: string, input: UpdateExpertInput): Promise<ManagedExpert> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const before = await loadExpert(deps, tx, id, true);
    if (before.version !== input.version) fail('version_conflict', '该专家信息已被他人修改，请刷新后再编辑');
    await checkUploads(tx, [{ path: 'titleEvidence', file: input.titleEvidence }]);
    const contactChanged =
      !!input.contact &&
      (openName(deps.pii, before.contact_name_enc) !== input.contact.name ||
        openName(deps.pii, before.contact_phone_enc) !== input.contact.phone);
    await tx.query(
      `UPDATE experts SET name = $2, title = $3, title_level = $4, title_evidence = $5::jsonb, fields = $6, items = $7,
              organisation = $8, region = $9, status = $10, integrity_records = $11::jsonb, intro = $12,
              contact_name_enc = coalesce($13, contact_name_enc), contact_phone_enc = coalesce($14, contact_phone_enc),
              version = version + 1, updated_at = $15
        WHERE id = $1`,
      [
        id,
        input.name,
        input.title,
        input.titleLevel,
        JSON.stringify(input.titleEvidence),
        input.fields,
        input.items,
        input.organisation,
        input.region,
        input.status,
        JSON.stringify(input.integrity),
        input.intro,
        contactChanged ? deps.pii.encrypt(input.contact!.name) : null,
        contactChanged ? deps.pii.encrypt(input.contact!.phone) : null,
        now,
      ],
    );
    const after = await loadExpert(deps, tx, id);
    const changes = [...diff(expertRecord(before), expertRecord(after)), ...(contactChanged ? [CONTACT_CHANGED] : [])];
    await recordChange(tx, p, 'expert', id, after.version, 'update', changes, now);
    return managedExpertView(deps.pii, after);
  });
}
