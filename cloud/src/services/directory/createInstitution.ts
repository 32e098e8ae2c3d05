// A manager adds an institution to the directory (入驻): one transaction, its
// first history row included.
import type { CreateInstitutionInput, ManagedInstitution } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
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

export async function createInstitution(deps: Deps, p: Principal, input: CreateInstitutionInput): Promise<ManagedInstitution> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    await checkUploads(
      tx,
      input.qualifications.map((q, i) => ({ path: `qualifications.${i}.scan`, file: q.scan })),
    );
    const { rows } = await uniqueCreditCode(input.creditCode, () =>
      tx.query<{ id: string }>(
        `INSERT INTO institutions (name, credit_code, categories, items, region, address, contact_name_enc, contact_phone_enc,
                                   agreement_date, status, qualifications, intro, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, 1, $13, $13)
         RETURNING id`,
        [
          input.name,
          input.creditCode,
          input.categories,
          input.items,
          input.region,
          input.address,
          deps.pii.encrypt(input.contact.name),
          deps.pii.encrypt(input.contact.phone),
          input.agreementDate,
          input.status,
          JSON.stringify(input.qualifications.map(storedQualification)),
          input.intro,
          now,
        ],
      ),
    );
    const row = await loadInstitution(deps, tx, rows[0]!.id);
    await recordChange(tx, p, 'institution', row.id, 1, 'create', [...diff({}, institutionRecord(row)), CONTACT_CHANGED], now);
    return managedInstitutionView(deps.pii, row);
  });
}
