// A manager edits an institution at the version read (409 when stale); the
// changed fields go into its history in the same transaction.
import type { ManagedInstitution, UpdateInstitutionInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import {
  checkUploads,
  CONTACT_CHANGED,
  contactUpdate,
  diff,
  institutionColumns,
  institutionRecord,
  institutionUploads,
  loadInstitution,
  managedInstitutionView,
  onlyManagers,
  recordChange,
  uniqueCreditCode,
} from './records';

export async function updateInstitution(deps: Deps, p: Principal, id: string, input: UpdateInstitutionInput): Promise<ManagedInstitution> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const before = await loadInstitution(deps, tx, id, true);
    if (before.version !== input.version) fail('version_conflict', '该机构信息已被他人修改，请刷新后再编辑');
    await checkUploads(tx, institutionUploads(input));
    const contact = contactUpdate(deps.pii, before, input.contact);
    await uniqueCreditCode(input.creditCode, () =>
      tx.query(
        `UPDATE institutions SET name = $1, credit_code = $2, categories = $3, items = $4, region = $5, address = $6,
                agreement_date = $7, status = $8, qualifications = $9::jsonb, intro = $10,
                contact_name_enc = coalesce($11, contact_name_enc), contact_phone_enc = coalesce($12, contact_phone_enc),
                version = version + 1, updated_at = $13
          WHERE id = $14`,
        [...institutionColumns(input), contact.nameEnc, contact.phoneEnc, now, id],
      ),
    );
    const after = await loadInstitution(deps, tx, id);
    const changes = [...diff(institutionRecord(before), institutionRecord(after)), ...(contact.changed ? [CONTACT_CHANGED] : [])];
    await recordChange(tx, p, 'institution', id, after.version, 'update', changes, now);
    return managedInstitutionView(deps.pii, after);
  });
}
