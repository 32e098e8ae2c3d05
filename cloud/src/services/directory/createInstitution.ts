// A manager adds an institution to the directory (入驻): one transaction, its
// first history row included.
import type { CreateInstitutionInput, ManagedInstitution } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import {
  checkUploads,
  CONTACT_CHANGED,
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

export async function createInstitution(deps: Deps, p: Principal, input: CreateInstitutionInput): Promise<ManagedInstitution> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    await checkUploads(tx, institutionUploads(input));
    const { rows } = await uniqueCreditCode(input.creditCode, () =>
      tx.query<{ id: string }>(
        `INSERT INTO institutions (name, credit_code, categories, items, region, address, agreement_date, status, qualifications,
                                   intro, contact_name_enc, contact_phone_enc, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, 1, $13, $13)
         RETURNING id`,
        [...institutionColumns(input), deps.pii.encrypt(input.contact.name), deps.pii.encrypt(input.contact.phone), now],
      ),
    );
    const row = await loadInstitution(deps, tx, rows[0]!.id);
    await recordChange(tx, p, 'institution', row.id, 1, 'create', [...diff({}, institutionRecord(row)), CONTACT_CHANGED], now);
    return managedInstitutionView(deps.pii, row);
  });
}
