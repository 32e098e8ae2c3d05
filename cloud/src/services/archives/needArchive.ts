// 一项一档: a need's whole record as one archive — the need's detail as the
// caller may see it (the 需求登记表's fields, every event, tasks with their
// results and files, notes, the rating, who recorded and who reviewed), its
// enterprise, its complaints with their handling record and the periodic
// reviews (复查) of the archive. Names and phones are masked as everywhere:
// in clear for the enterprise and the staff serving it (the read audited),
// masked for managers and supervisors; supervisors also see experts' names masked.
import {
  hasAnyRole,
  maskName,
  type Role,
  type ArchiveEnterprise,
  type ArchiveReview,
  type NeedArchive,
  type NeedDetail,
  retainedUntil,
} from '@qi/shared';
import { administers, has } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { COMPLAINT_SELECT, withEvents, type ComplaintRow } from '../complaints/complaintView';
import { visibleNeed } from '../needs/getNeed';
import { toDetail } from '../needView';

/** Who keeps or reads archives: the enterprise (its own), the service staff, oversight. Providers do not. */
const ARCHIVE_READERS: readonly Role[] = ['enterprise', 'specialist', 'manager', 'supervisor'];

export function requireArchiveReader(p: Principal): void {
  if (!hasAnyRole(p.roles, ARCHIVE_READERS)) {
    fail('forbidden', '服务机构账号不能查看档案，请在服务任务中查看办理记录');
  }
}

/** Supervisors look on: besides contacts, experts (people) are shown masked to them. */
export const masksExperts = (p: Principal): boolean => has(p, 'supervisor') && !administers(p) && !has(p, 'specialist');

interface EnterpriseRow {
  id: string;
  name: string;
  credit_code: string | null;
  region: string;
  address: string;
  industry: string;
  scale: string | null;
}

export async function loadEnterprise(tx: Queryable, id: string): Promise<ArchiveEnterprise | null> {
  const { rows } = await tx.query<EnterpriseRow>(
    'SELECT id, name, credit_code, region, address, industry, scale FROM enterprises WHERE id = $1',
    [id],
  );
  const e = rows[0];
  return e
    ? { id: e.id, name: e.name, creditCode: e.credit_code, region: e.region, address: e.address, industry: e.industry, scale: e.scale }
    : null;
}

interface ReviewRow {
  id: string;
  at: Date;
  reviewer_id: string;
  reviewer_name_enc: string | null;
  findings: string;
  complete: boolean;
}

export async function loadReviews(deps: Deps, tx: Queryable, p: Principal, needId: string, masked: boolean): Promise<ArchiveReview[]> {
  const { rows } = await tx.query<ReviewRow>('SELECT * FROM archive_reviews WHERE need_id = $1 ORDER BY at, id', [needId]);
  return rows.map((r) => {
    const name = openName(deps.pii, r.reviewer_name_enc);
    return {
      id: r.id,
      at: r.at.toISOString(),
      reviewer: { id: r.reviewer_id, name: masked && r.reviewer_id !== p.id ? maskName(name) : name },
      findings: r.findings,
      complete: r.complete,
    };
  });
}

function maskExperts(need: NeedDetail): NeedDetail {
  return {
    ...need,
    tasks: need.tasks.map((t) =>
      t.assignee.kind === 'expert' ? { ...t, assignee: { ...t.assignee, name: maskName(t.assignee.name) } } : t,
    ),
  };
}

/** The archive inside a transaction (the JSON view and the PDF share it). */
export async function loadNeedArchive(deps: Deps, tx: Queryable, p: Principal, id: string): Promise<NeedArchive> {
  const row = await visibleNeed(tx, p, id);
  requireArchiveReader(p);
  let need = await toDetail(deps, tx, p, row);
  if (masksExperts(p)) need = maskExperts(need);
  const masked = need.contactMasked;
  const enterprise = (await loadEnterprise(tx, row.enterprise_id))!;
  const extra = await tx.query<{ closed_at: Date | null; station_name: string | null }>(
    'SELECT n.closed_at, s.name AS station_name FROM needs n LEFT JOIN stations s ON s.id = n.station_id WHERE n.id = $1',
    [id],
  );
  const closedAt = extra.rows[0]!.closed_at?.toISOString() ?? null;
  const complaintRows = await tx.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.need_id = $1 ORDER BY c.created_at, c.id`, [id]);
  const complaints = await withEvents(deps, tx, complaintRows.rows, p);
  return {
    need,
    enterprise,
    stationName: extra.rows[0]!.station_name,
    closedAt,
    retainedUntil: retainedUntil(closedAt),
    complaints,
    reviews: await loadReviews(deps, tx, p, id, masked),
    desensitised: masked,
    generatedAt: deps.now().toISOString(),
  };
}

export async function getNeedArchive(deps: Deps, p: Principal, id: string): Promise<NeedArchive> {
  return deps.db.transaction((tx) => loadNeedArchive(deps, tx, p, id));
}
