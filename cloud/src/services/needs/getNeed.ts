// Reading one need: the visibility rule first (a need the caller may not see
// is a 404, as one that does not exist), then the detail as the caller sees it.
import type { NeedDetail } from '@qi/shared';
import { needVisibility } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { loadNeedRow, toDetail, type NeedRow } from '../needView';

/** A need the caller may see, or 404 (also when it exists but is not theirs). */
export async function visibleNeed(tx: Queryable, p: Principal, id: string, forUpdate = false): Promise<NeedRow> {
  const params = new Params(id);
  const cond = needVisibility(p, params);
  const { rows } = await tx.query<{ id: string }>(`SELECT n.id FROM needs n WHERE n.id = $1 AND ${cond}`, params.values);
  if (!rows[0]) fail('not_found', '没有找到该需求，或您无权查看');
  return (await loadNeedRow(tx, id, forUpdate))!;
}

export async function getNeed(deps: Deps, p: Principal, id: string): Promise<NeedDetail> {
  return deps.db.transaction(async (tx) => toDetail(deps, tx, p, await visibleNeed(tx, p, id)));
}
