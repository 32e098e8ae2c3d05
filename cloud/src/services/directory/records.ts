// What the directory's use cases share: the rows, the manager's views (contacts
// masked), the history rows (who, when, which fields; a contact's change is
// recorded, its value never), and the checks every write makes.
import {
  DIRECTORY_FIELD_LABELS,
  maskName,
  maskPhone,
  QUALIFICATION_KIND_LABELS,
  UPLOAD_PATHS,
  type Attachment,
  type CreateExpertInput,
  type CreateInstitutionInput,
  type DirectoryChange,
  type ManagedExpert,
  type ManagedInstitution,
  type ManagedQualification,
  type QualificationInput,
} from '@qi/shared';
import { has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { isDbError, PG_UNIQUE_VIOLATION, type Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { ApiError, fail } from '../../errors';
import { openName, type PiiCipher } from '../../pii';

export type SubjectKind = 'institution' | 'expert';

type InstitutionFieldsInput = Omit<CreateInstitutionInput, 'contact'>;
type ExpertFieldsInput = Omit<CreateExpertInput, 'contact'>;

export const onlyManagers = (p: Principal) => {
  if (!has(p, 'manager')) fail('forbidden', '只有运营管理人员可以维护机构名录和专家库');
};

/** A qualification as stored (jsonb); rows the seed wrote before kinds existed read as 其他资质 covering no item. */
export interface StoredQualification {
  kind?: ManagedQualification['kind'];
  name: string;
  number: string;
  scope?: string;
  validFrom: string;
  validTo: string;
  items?: string[];
  scan?: Attachment | null;
}

export const storedQualification = (q: QualificationInput): StoredQualification => ({
  kind: q.kind,
  name: q.name || QUALIFICATION_KIND_LABELS[q.kind],
  number: q.number,
  scope: q.scope,
  validFrom: q.validFrom,
  validTo: q.validTo,
  items: q.items,
  scan: q.scan,
});

export const managedQualification = (q: StoredQualification): ManagedQualification => ({
  kind: q.kind ?? 'other',
  name: q.name,
  number: q.number,
  scope: q.scope ?? '',
  validFrom: q.validFrom,
  validTo: q.validTo,
  items: q.items ?? [],
  scan: q.scan ?? null,
});

export interface InstitutionAdminRow {
  id: string;
  version: number;
  name: string;
  credit_code: string | null;
  categories: ManagedInstitution['categories'];
  items: string[];
  region: string;
  address: string;
  agreement_date: string | null;
  status: ManagedInstitution['status'];
  qualifications: StoredQualification[];
  intro: string;
  contact_name_enc: string;
  contact_phone_enc: string;
  updated_at: Date;
}

export const INSTITUTION_ADMIN_SELECT = `
  SELECT id, version, name, credit_code, categories, items, region, address, to_char(agreement_date, 'YYYY-MM-DD') AS agreement_date,
         status, qualifications, intro, contact_name_enc, contact_phone_enc, updated_at
    FROM institutions`;

/** An institution's editable fields as plain values, for the history's comparison. */
export const institutionRecord = (r: InstitutionAdminRow) => ({
  name: r.name,
  creditCode: r.credit_code,
  categories: r.categories,
  items: r.items,
  region: r.region,
  address: r.address,
  agreementDate: r.agreement_date,
  status: r.status,
  qualifications: r.qualifications.map(managedQualification),
  intro: r.intro,
});

export const expertRecord = (r: ExpertAdminRow) => ({
  name: r.name,
  title: r.title,
  titleLevel: r.title_level,
  titleEvidence: r.title_evidence,
  fields: r.fields,
  items: r.items,
  organisation: r.organisation,
  region: r.region,
  status: r.status,
  integrity: r.integrity_records,
  intro: r.intro,
});

const maskedContact = (pii: PiiCipher, nameEnc: string, phoneEnc: string) => ({
  name: maskName(openName(pii, nameEnc)),
  phone: maskPhone(openName(pii, phoneEnc)),
});

export const managedInstitutionView = (pii: PiiCipher, r: InstitutionAdminRow): ManagedInstitution => ({
  id: r.id,
  version: r.version,
  ...institutionRecord(r),
  contact: maskedContact(pii, r.contact_name_enc, r.contact_phone_enc),
  updatedAt: r.updated_at.toISOString(),
});

export interface ExpertAdminRow {
  id: string;
  version: number;
  name: string;
  title: string;
  title_level: ManagedExpert['titleLevel'];
  title_evidence: Attachment | null;
  fields: ManagedExpert['fields'];
  items: string[];
  organisation: string;
  region: string;
  status: ManagedExpert['status'];
  integrity_records: ManagedExpert['integrity'];
  intro: string;
  contact_name_enc: string;
  contact_phone_enc: string;
  updated_at: Date;
}

export const EXPERT_ADMIN_SELECT = `
  SELECT id, version, name, title, title_level, title_evidence, fields, items, organisation, region, status,
         integrity_records, intro, contact_name_enc, contact_phone_enc, updated_at
    FROM experts`;

export const managedExpertView = (pii: PiiCipher, r: ExpertAdminRow): ManagedExpert => ({
  id: r.id,
  version: r.version,
  ...expertRecord(r),
  contact: maskedContact(pii, r.contact_name_enc, r.contact_phone_enc),
  updatedAt: r.updated_at.toISOString(),
});

export async function loadInstitution(deps: Deps, q: Queryable, id: string, lock = false): Promise<InstitutionAdminRow> {
  const { rows } = await q.query<InstitutionAdminRow>(`${INSTITUTION_ADMIN_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) fail('not_found', '没有找到该服务机构');
  return rows[0]!;
}

export async function loadExpert(deps: Deps, q: Queryable, id: string, lock = false): Promise<ExpertAdminRow> {
  const { rows } = await q.query<ExpertAdminRow>(`${EXPERT_ADMIN_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) fail('not_found', '没有找到该专家');
  return rows[0]!;
}

/** Every attached file must be an upload that exists (a pasted address is refused). */
export async function checkUploads(q: Queryable, files: { path: string; file: Attachment | null }[]): Promise<void> {
  const wanted = files.filter((f): f is { path: string; file: Attachment } => f.file !== null);
  if (!wanted.length) return;
  const ids = wanted.map((f) => f.file.url.slice(UPLOAD_PATHS.upload.indexOf('{id}')));
  const { rows } = await q.query<{ id: string }>('SELECT id FROM uploads WHERE id = ANY($1::uuid[])', [ids]);
  const found = new Set(rows.map((r) => r.id));
  const issues = wanted.flatMap((f, i) => (found.has(ids[i]!) ? [] : [{ path: f.path, message: '附件不存在，请重新上传' }]));
  if (issues.length) throw new ApiError('rule_violation', '附件不存在，请重新上传', issues);
}

/** A second institution with the same credit code is refused (409), never stored. */
export async function uniqueCreditCode<T>(creditCode: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isDbError(e, PG_UNIQUE_VIOLATION)) {
      throw new ApiError('duplicate', `统一社会信用代码 ${creditCode} 已登记在其他机构名下`, [
        { path: 'creditCode', message: '该统一社会信用代码已登记' },
      ]);
    }
    throw e;
  }
}

/** The fields that differ between two plain records; `contact` is compared by the caller and recorded without values. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): DirectoryChange['changes'] {
  return Object.keys(after).flatMap((field) => {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, label: DIRECTORY_FIELD_LABELS[field] ?? field, from, to }];
  });
}

export const CONTACT_CHANGED = { field: 'contact', label: DIRECTORY_FIELD_LABELS.contact!, from: '（已脱敏）', to: '（已更新）' };

export async function recordChange(
  q: Queryable,
  p: Principal,
  kind: SubjectKind,
  subjectId: string,
  version: number,
  action: 'create' | 'update',
  changes: DirectoryChange['changes'],
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO directory_changes (subject_kind, subject_id, version, action, at, actor_id, actor_name_enc, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [kind, subjectId, version, action, at, p.id, p.nameEnc, JSON.stringify(changes)],
  );
}

/** The history of one record, newest first; who made each change is masked. */
export async function historyOf(deps: Deps, p: Principal, kind: SubjectKind, subjectId: string): Promise<DirectoryChange[]> {
  onlyManagers(p);
  const table = kind === 'institution' ? 'institutions' : 'experts';
  const exists = await deps.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [subjectId]);
  if (!exists.rows[0]) fail('not_found', kind === 'institution' ? '没有找到该服务机构' : '没有找到该专家');
  const { rows } = await deps.db.query<{
    version: number;
    action: 'create' | 'update';
    at: Date;
    actor_name_enc: string | null;
    changes: DirectoryChange['changes'];
  }>(
    `SELECT version, action, at, actor_name_enc, changes FROM directory_changes
      WHERE subject_kind = $1 AND subject_id = $2 ORDER BY version DESC`,
    [kind, subjectId],
  );
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    at: r.at.toISOString(),
    by: maskName(openName(deps.pii, r.actor_name_enc)),
    changes: r.changes,
  }));
}

/** An institution's stored columns from the manager's input, in the order the writes list them ($1 up). */
export const institutionColumns = (input: InstitutionFieldsInput) => [
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
];

/** The uploads an institution's write attaches: each qualification's scan. */
export const institutionUploads = (input: InstitutionFieldsInput) =>
  input.qualifications.map((q, i) => ({ path: `qualifications.${i}.scan`, file: q.scan }));

/** An expert's stored columns from the manager's input, in the order the writes list them ($1 up). */
export const expertColumns = (input: ExpertFieldsInput) => [
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
];

/**
 * An edit's contact: changed when one was given that differs from the one on
 * record; then encrypted for the row, else nulls (the columns keep theirs).
 */
export function contactUpdate(
  pii: PiiCipher,
  before: { contact_name_enc: string; contact_phone_enc: string },
  contact: { name: string; phone: string } | undefined,
): { changed: boolean; nameEnc: string | null; phoneEnc: string | null } {
  const changed =
    !!contact && (openName(pii, before.contact_name_enc) !== contact.name || openName(pii, before.contact_phone_enc) !== contact.phone);
  return changed && contact
    ? { changed, nameEnc: pii.encrypt(contact.name), phoneEnc: pii.encrypt(contact.phone) }
    : { changed: false, nameEnc: null, phoneEnc: null };
}
