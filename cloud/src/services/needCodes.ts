// A need's receipt code (最多跑一次): staff scan it at the window to open the
// need. Finding a need from its code follows the same visibility rule as
// every other read of needs (auth/policy.ts).
import type { NeedRef, NeedState } from '@qi/shared';
import { needVisibility } from '../auth/policy';
import { Params } from '../db/sql';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { fail } from '../errors';

/** What a scanner is told about a code of a need it may not see (or that does not exist). */
export const NEED_CODE_NOT_VISIBLE = '没有找到该需求，或您无权查看：只有提交需求的企业和为其服务的工作人员可以打开';

/** The need with this id or unified number, if the caller may see it; else 404. */
export async function findVisibleNeed(deps: Deps, p: Principal, by: { id: string } | { number: string }): Promise<NeedRef> {
  const params = new Params('id' in by ? by.id : by.number);
  const where = 'id' in by ? 'n.id = $1::uuid' : 'n.number = $1';
  const { rows } = await deps.db.query<{ id: string; number: string; title: string; state: NeedState }>(
    `SELECT n.id, n.number, n.title, n.state FROM needs n WHERE ${where} AND ${needVisibility(p, params)}`,
    params.values,
  );
  if (!rows[0]) fail('not_found', NEED_CODE_NOT_VISIBLE);
  return rows[0]!;
}
