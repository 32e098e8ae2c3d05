// 一企一档: an enterprise's dossier — its details and all its needs, newest
// first, each with its result (the answer or the recorded result), the
// providers' reports (task results and the names of their files) and its
// rating. The enterprise sees its own; staff the needs they may see;
// supervisors with experts' names masked.
import { maskName, type Attachment, type DossierNeed, type EnterpriseDossier, type NeedState, type CategoryCode } from '@qi/shared';
import { has, needVisibility, oversees } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { loadEnterprise, masksExperts, requireArchiveReader } from './needArchive';

/** A dossier lists at most this many needs (an enterprise with more is an exception the search serves). */
export const DOSSIER_MAX_NEEDS = 500;

interface NeedRow {
  id: string;
  number: string;
  title: string;
  state: NeedState;
  categories: CategoryCode[];
  submitted_on: string;
  closed_at: Date | null;
  answer: string | null;
  result: string | null;
  overall: string | null;
  resolved: boolean | null;
}
interface TaskRow {
  need_id: string;
  provider: string;
  expert: boolean;
  result: string | null;
  attachments: Attachment[];
}

export async function loadEnterpriseDossier(deps: Deps, tx: Queryable, p: Principal, enterpriseId: string): Promise<EnterpriseDossier> {
  const own = has(p, 'enterprise') && p.enterpriseId === enterpriseId;
  const enterprise = await loadEnterprise(tx, enterpriseId);
  // Another enterprise's dossier is not known to exist.
  if (!enterprise || (!own && !oversees(p) && !has(p, 'specialist') && !has(p, 'provider')))
    fail('not_found', '没有找到该企业档案，或您无权查看');
  requireArchiveReader(p);
  const params = new Params(enterpriseId);
  const visible = needVisibility(p, params);
  const { rows } = await tx.query<NeedRow>(
    `SELECT n.id, n.number, n.title, n.state, n.categories, n.submitted_on, n.closed_at, n.answer, n.result, r.overall, r.resolved
       FROM needs n LEFT JOIN ratings r ON r.need_id = n.id
      WHERE n.enterprise_id = $1 AND ${visible}
      ORDER BY n.created_at DESC, n.id DESC LIMIT ${DOSSIER_MAX_NEEDS}`,
    params.values,
  );
  const tasks = rows.length
    ? await tx.query<TaskRow>(
        `SELECT t.need_id, coalesce(i.name, x.name) AS provider, t.expert_id IS NOT NULL AS expert, t.result, t.attachments
           FROM tasks t LEFT JOIN institutions i ON i.id = t.institution_id LEFT JOIN experts x ON x.id = t.expert_id
          WHERE t.need_id = ANY($1::uuid[]) AND t.state = 'done' ORDER BY t.done_at, t.id`,
        [rows.map((r) => r.id)],
      )
    : { rows: [] as TaskRow[] };
  const maskExperts = masksExperts(p);
  return {
    enterprise: enterprise!,
    needs: rows.map((n): DossierNeed => ({
      id: n.id,
      number: n.number,
      title: n.title,
      state: n.state,
      categories: n.categories,
      submittedOn: n.submitted_on,
      closedAt: n.closed_at?.toISOString() ?? null,
      result: n.result ?? n.answer,
      reports: tasks.rows
        .filter((t) => t.need_id === n.id)
        .map((t) => ({
          provider: t.expert && maskExperts ? maskName(t.provider) : t.provider,
          result: t.result,
          files: t.attachments.map((a) => a.name),
        })),
      rating: n.overall !== null ? { overall: n.overall, resolved: n.resolved! } : null,
    })),
    desensitised: maskExperts,
    generatedAt: deps.now().toISOString(),
  };
}

export async function getEnterpriseDossier(deps: Deps, p: Principal, enterpriseId: string): Promise<EnterpriseDossier> {
  return deps.db.transaction((tx) => loadEnterpriseDossier(deps, tx, p, enterpriseId));
}
