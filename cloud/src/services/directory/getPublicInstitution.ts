// An institution's public page in 服务大厅: public fields, its
// qualifications (valid or not today) and its published evaluation, never a
// contact or a scan. Suspended and exited institutions are not shown.
import { OFFERED_PROVIDER_STATUSES, toShanghaiDate, type InstitutionPage } from '@qi/shared';
import { isIn } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { evaluateSubjects, evaluationContext } from '../evaluation';
import { managedQualification, type StoredQualification } from './records';

interface Row {
  id: string;
  name: string;
  categories: InstitutionPage['categories'];
  items: string[];
  region: string;
  address: string;
  status: InstitutionPage['status'];
  qualifications: StoredQualification[];
  intro: string;
}

export async function getPublicInstitution(deps: Deps, id: string): Promise<InstitutionPage> {
  const { rows } = await deps.db.query<Row>(
    `SELECT id, name, categories, items, region, address, status, qualifications, intro
       FROM institutions WHERE id = $1 AND ${isIn('status', OFFERED_PROVIDER_STATUSES)}`,
    [id],
  );
  const r = rows[0];
  if (!r) fail('not_found', '没有找到该服务机构');
  const today = toShanghaiDate(deps.now());
  // Its published evaluation: the same measured figures 动态评价 and matching use.
  const ctx = await evaluationContext(deps, deps.db);
  const figures = (await evaluateSubjects(deps, deps.db, 'institution', ctx, { ids: [r!.id] }))[0]!.figures;
  return {
    id: r!.id,
    name: r!.name,
    categories: r!.categories,
    items: r!.items,
    region: r!.region,
    address: r!.address,
    status: r!.status,
    intro: r!.intro,
    qualifications: r!.qualifications.map((stored) => {
      const { scan: _scan, ...q } = managedQualification(stored);
      return { ...q, valid: q.validFrom <= today && today <= q.validTo };
    }),
    evaluation: {
      windowMonths: ctx.window.months,
      from: ctx.window.from,
      to: ctx.window.to,
      served: figures.served,
      completionRate: figures.completion.rate,
      onTimeRate: figures.onTime.rate,
      satisfactionRate: figures.satisfaction.rate,
    },
  };
}
