// One expert's public entry (no contact, no integrity record); suspended and exited experts are not shown.
import { OFFERED_PROVIDER_STATUSES, type Expert } from '@qi/shared';
import { isIn } from '../../db/sql';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { expertView, type ExpertRow } from '../directory';
import { PUBLIC_EXPERT_SELECT } from './listPublicExperts';

export async function getPublicExpert(deps: Deps, id: string): Promise<Expert> {
  const { rows } = await deps.db.query<ExpertRow>(
    `${PUBLIC_EXPERT_SELECT} WHERE id = $1 AND ${isIn('status', OFFERED_PROVIDER_STATUSES)}`,
    [id],
  );
  if (!rows[0]) fail('not_found', '没有找到该专家');
  return expertView(rows[0]!);
}
