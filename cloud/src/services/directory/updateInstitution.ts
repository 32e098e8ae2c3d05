// A manager edits an institution at the version read (409 when stale); the
// changed fields go into its history in the same transaction.
import type { ManagedInstitution, UpdateInstitutionInput } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import {
  checkUploads,
  CONTACT_CHANGED,
  diff,
  institutionRecord,
  loadInstitution,
  managedInstitutionView,
  onlyManagers,
  recordChange,
  storedQualification,
  uniqueCreditCode,
} from './records';

export async function updateInstitution(deps: Deps, p: Principal, id: string, input: UpdateInstitutionInput): Promise<ManagedInstitution> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const before = await loadInstitution(deps, tx, id, true);
    if (before.version !== input.version) fail('version_conflict', '该机构信息已被他人修改，请刷新后再编辑');
    await checkUploads(
      tx,
      input.qualifications.map((q, i) => ({ path: `qualifications.${i}.scan`, file: q.scan })),
    );
    const contactChanged =
      !!input.contact &&
      (openName(deps.pii, before.contact_name_enc) !== input.contact.name ||
        openName(deps.pii, before.contact_phone_enc) !== input.contact.phone);
    await uniqueCreditCode(input.creditCode, () =>
      tx.query(
        `UPDATE institutions SET name = $2, credit_code = $3, categories = $4, items = $5, region = $6, address = $7,
                agreement_date = $8, status = $9, qualifications = $10::jsonb, intro = $11,
                contact_name_enc = coalesce($12, contact_name_enc), contact_phone_enc = coalesce($13, contact_phone_enc),
                version = version + 1, updated_at = $14
          WHERE id = $1`,
        [
          id,
          input.name,
          input.creditCode,
          input.categories,
          input.items,
          input.region,
          input.address,
          input.agreementDate,
          input.status,
          JSON.stringify(input.qualifications.map(storedQualification)),
          input.intro,
          contactChanged ? deps.pii.encrypt(input.contact!.name) : null,
          contactChanged ? deps.pii.encrypt(input.contact!.phone) : null,
          now,
        ],
      ),
    );
    const after = await loadInstitution(deps, tx, id);
    const changes = [...diff(institutionRecord(before), institutionRecord(after)), ...(contactChanged ? [CONTACT_CHANGED] : [])];
    await recordChange(tx, p, 'institution', id, after.version, 'update', changes, now);
    return managedInstitutionView(deps.pii, after);
  });
}
