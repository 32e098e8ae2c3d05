// A manager admits an expert to the expert pool (副高级以上, with the evidence of the title).
import type { CreateExpertInput, ManagedExpert } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import {
  checkUploads,
  CONTACT_CHANGED,
  diff,
  expertColumns,
  expertRecord,
  loadExpert,
  managedExpertView,
  onlyManagers,
  recordChange,
} from './records';

export async function createExpert(deps: Deps, p: Principal, input: CreateExpertInput): Promise<ManagedExpert> {
  onlyManagers(p);
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    await checkUploads(tx, [{ path: 'titleEvidence', file: input.titleEvidence }]);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO experts (name, title, title_level, title_evidence, fields, items, organisation, region, status, integrity_records,
                            intro, contact_name_enc, contact_phone_enc, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, 1, $14, $14)
       RETURNING id`,
      [...expertColumns(input), deps.pii.encrypt(input.contact.name), deps.pii.encrypt(input.contact.phone), now],
    );
    const row = await loadExpert(deps, tx, rows[0]!.id);
    await recordChange(tx, p, 'expert', row.id, 1, 'create', [...diff({}, expertRecord(row)), CONTACT_CHANGED], now);
    return managedExpertView(deps.pii, row);
  });
}
