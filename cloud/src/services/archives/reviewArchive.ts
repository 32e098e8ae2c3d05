// 复查 (DB46 7.5.4): a manager's periodic review of a need's archive — who,
// when, what was found — recorded against the archive and listed in it.
import type { ArchiveReview, ArchiveReviewInput } from '@qi/shared';
import { requireAdmin } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { openName } from '../../pii';
import { visibleNeed } from '../needs/getNeed';

export async function reviewArchive(deps: Deps, p: Principal, needId: string, input: ArchiveReviewInput): Promise<ArchiveReview> {
  return deps.db.transaction(async (tx) => {
    await visibleNeed(tx, p, needId);
    requireAdmin(p, '只有运营管理人员可以登记档案复查');
    const { rows } = await tx.query<{ id: string; at: Date }>(
      `INSERT INTO archive_reviews (need_id, reviewer_id, reviewer_name_enc, findings, complete)
       VALUES ($1, $2, $3, $4, $5) RETURNING id, at`,
      [needId, p.id, p.nameEnc, input.findings, input.complete],
    );
    return {
      id: rows[0]!.id,
      at: rows[0]!.at.toISOString(),
      reviewer: { id: p.id, name: openName(deps.pii, p.nameEnc) },
      findings: input.findings,
      complete: input.complete,
    };
  });
}
