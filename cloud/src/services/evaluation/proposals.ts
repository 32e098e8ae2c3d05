// Proposals (warn, suspend, exit, restore) made from the figures under the
// thresholds — by the tick and on a manager's demand — and the manager's
// decision with a reason. Accepting moves the provider's status (recorded in
// the directory's history) and tells the provider; the proposal keeps the
// figures, window and thresholds version it was made from.
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_TARGET_STATUS,
  DIRECTORY_FIELD_LABELS,
  PROVIDER_STATUS_LABELS,
  maskName,
  proposalFor,
  type EvaluationFigures,
  type Proposal,
  type ProposalDecisionInput,
  type ProposalKind,
  type ProposalList,
  type ProposalListQuery,
  type ProposalRun,
  type ProposalState,
  type ProviderKind,
  type ProviderStatus,
} from '@qi/shared';
import { requireAdmin, requireOversight } from '../../auth/policy';
import type { Principal } from '../../auth/principal';
import { Params } from '../../db/sql';
import type { Queryable } from '../../db/types';
import type { Deps } from '../../deps';
import { fail } from '../../errors';
import { openName } from '../../pii';
import { recordChange } from '../directory/records';
import { managerIds, notifyUsers, taskProviderIds } from '../notifications';
import { evaluateSubjects, evaluationContext } from './subjects';

/** Arbitrary constant naming "making evaluation proposals" among advisory locks. */
const PROPOSAL_LOCK_KEY = 7_135_200_421;

interface ProposalRow {
  id: string;
  version: number;
  subject_kind: ProviderKind;
  subject_id: string;
  subject_name: string;
  kind: ProposalKind;
  from_status: ProviderStatus;
  to_status: ProviderStatus;
  state: ProposalState;
  figures: EvaluationFigures;
  window_from: string;
  window_to: string;
  window_months: number;
  thresholds_version: number;
  findings: string[];
  created_at: Date;
  decided_at: Date | null;
  decided_by_enc: string | null;
  reason: string | null;
}

const PROPOSAL_SELECT = `
  SELECT ep.id, ep.version, ep.subject_kind, ep.subject_id, coalesce(i.name, x.name) AS subject_name, ep.kind, ep.from_status,
         ep.to_status, ep.state, ep.figures, to_char(ep.window_from, 'YYYY-MM-DD') AS window_from,
         to_char(ep.window_to, 'YYYY-MM-DD') AS window_to, ep.window_months, ep.thresholds_version, ep.findings, ep.created_at,
         ep.decided_at, ep.decided_by_enc, ep.reason
    FROM evaluation_proposals ep
    LEFT JOIN institutions i ON ep.subject_kind = 'institution' AND i.id = ep.subject_id
    LEFT JOIN experts x ON ep.subject_kind = 'expert' AND x.id = ep.subject_id`;

const view = (deps: Deps, r: ProposalRow): Proposal => ({
  id: r.id,
  version: r.version,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  subjectName: r.subject_name,
  kind: r.kind,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  state: r.state,
  figures: r.figures,
  window: { months: r.window_months, from: r.window_from, to: r.window_to },
  thresholdsVersion: r.thresholds_version,
  findings: r.findings,
  createdAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  decidedBy: r.decided_by_enc ? maskName(openName(deps.pii, r.decided_by_enc)) : null,
  reason: r.reason,
});

const TABLE: Record<ProviderKind, string> = { institution: 'institutions', expert: 'experts' };

/**
 * Reads every institution and expert and brings the pending proposals in line
 * with the figures: a new proposal where the thresholds call for one, and a
 * pending one superseded when the figures or the status no longer call for it.
 * Managers are told of new proposals. Runs inside the caller's transaction.
 */
export async function makeProposals(deps: Deps, tx: Queryable, now: Date): Promise<{ created: string[]; superseded: number }> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${PROPOSAL_LOCK_KEY})`);
  const ctx = await evaluationContext(deps, tx);
  const { rows: pending } = await tx.query<{ id: string; subject_id: string; kind: ProposalKind; from_status: ProviderStatus }>(
    `SELECT id, subject_id, kind, from_status FROM evaluation_proposals WHERE state = 'pending'`,
  );
  const pendingOf = new Map(pending.map((r) => [r.subject_id, r]));
  const created: string[] = [];
  let superseded = 0;
  for (const kind of ['institution', 'expert'] as const) {
    for (const s of await evaluateSubjects(deps, tx, kind, ctx)) {
      const status = s.status!;
      const proposal = proposalFor(status, s.level, s.figures.served >= ctx.thresholds.minSample);
      const open = pendingOf.get(s.id);
      if (open && open.kind === proposal && open.from_status === status) continue;
      if (open) {
        await tx.query(`UPDATE evaluation_proposals SET state = 'superseded', version = version + 1 WHERE id = $1`, [open.id]);
        superseded++;
      }
      if (!proposal) continue;
      const findings = proposal === 'restore' ? [`服务 ${s.figures.served} 项，各项指标均未触及预警、暂停或退出阈值`] : s.findings;
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO evaluation_proposals (subject_kind, subject_id, kind, from_status, to_status, figures, window_from, window_to,
                                           window_months, thresholds_version, findings, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb, $12)
         ON CONFLICT (subject_id) WHERE state = 'pending' DO NOTHING RETURNING id`,
        [
          kind,
          s.id,
          proposal,
          status,
          PROPOSAL_TARGET_STATUS[proposal],
          JSON.stringify(s.figures),
          ctx.window.from,
          ctx.window.to,
          ctx.window.months,
          ctx.version,
          JSON.stringify(findings),
          now,
        ],
      );
      if (rows[0]) created.push(rows[0].id);
    }
  }
  if (created.length) {
    await notifyUsers(tx, await managerIds(tx), {
      kind: 'evaluation',
      title: `动态评价：新增 ${created.length} 条处理建议`,
      body: '根据评价指标和阈值生成了预警、暂停、淘汰退出或恢复建议，请在“评价建议”中决定。',
    });
  }
  return { created, superseded };
}

/** 立即评价: a manager makes the proposals now, as the tick would. */
export async function runProposals(deps: Deps, p: Principal): Promise<ProposalRun> {
  requireAdmin(p, '只有运营管理人员可以生成评价建议');
  return deps.db.transaction(async (tx) => {
    const { created, superseded } = await makeProposals(deps, tx, deps.now());
    const { rows } = await tx.query<ProposalRow>(`${PROPOSAL_SELECT} WHERE ep.state = 'pending' ORDER BY ep.created_at DESC, ep.id`);
    return { created: created.length, superseded, pending: rows.map((r) => view(deps, r)) };
  });
}

export async function listProposals(deps: Deps, p: Principal, query: ProposalListQuery): Promise<ProposalList> {
  requireOversight(p, '只有运营管理人员和监管人员可以查看评价建议');
  const params = new Params();
  const where: string[] = [];
  if (query.state) where.push(`ep.state = ${params.add(query.state)}`);
  if (query.subjectId) where.push(`ep.subject_id = ${params.add(query.subjectId)}`);
  const { rows } = await deps.db.query<ProposalRow>(
    `${PROPOSAL_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ep.created_at DESC, ep.id LIMIT 200`,
    params.values,
  );
  return { items: rows.map((r) => view(deps, r)) };
}

/** A manager accepts or rejects a pending proposal, with a reason, at the version read. */
export async function decideProposal(deps: Deps, p: Principal, id: string, input: ProposalDecisionInput): Promise<Proposal> {
  requireAdmin(p, '只有运营管理人员可以决定评价建议');
  return deps.db.transaction(async (tx) => {
    const now = deps.now();
    const { rows } = await tx.query<ProposalRow>(`${PROPOSAL_SELECT} WHERE ep.id = $1 FOR UPDATE OF ep`, [id]);
    const r = rows[0];
    if (!r) return fail('not_found', '没有找到该评价建议');
    if (r.version !== input.version) fail('version_conflict', '该评价建议已被他人处理或已更新，请刷新后再操作');
    if (r.state !== 'pending') fail('rule_violation', `该评价建议${r.state === 'superseded' ? '已失效' : '已决定'}，不能再次决定`);
    const table = TABLE[r.subject_kind];
    const { rows: subject } = await tx.query<{ status: ProviderStatus; version: number }>(
      `SELECT status, version FROM ${table} WHERE id = $1 FOR UPDATE`,
      [r.subject_id],
    );
    if (subject[0]?.status !== r.from_status) {
      fail('version_conflict', `该${r.subject_kind === 'institution' ? '机构' : '专家'}的状态已变更，建议已过时，请重新生成评价建议`);
    }
    if (input.decision === 'accept') {
      const { rows: saved } = await tx.query<{ version: number }>(
        `UPDATE ${table} SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING version`,
        [r.subject_id, r.to_status, now],
      );
      await recordChange(
        tx,
        p,
        r.subject_kind,
        r.subject_id,
        saved[0]!.version,
        'update',
        [
          { field: 'status', label: DIRECTORY_FIELD_LABELS.status!, from: r.from_status, to: r.to_status },
          { field: 'evaluation', label: '动态评价决定', from: null, to: `${PROPOSAL_KIND_LABELS[r.kind]}：${input.reason}` },
        ],
        now,
      );
      await notifyUsers(
        tx,
        await taskProviderIds(
          tx,
          r.subject_kind === 'institution' ? r.subject_id : null,
          r.subject_kind === 'expert' ? r.subject_id : null,
        ),
        {
          kind: 'evaluation',
          title: `动态评价结果：${PROPOSAL_KIND_LABELS[r.kind]}`,
          body: `根据近 ${r.window_months} 个月的服务评价，${r.subject_name}的状态由“${PROVIDER_STATUS_LABELS[r.from_status]}”调整为“${
            PROVIDER_STATUS_LABELS[r.to_status]
          }”。理由：${input.reason}`,
        },
      );
    }
    await tx.query(
      `UPDATE evaluation_proposals SET state = $2, version = version + 1, decided_at = $3, decided_by = $4, decided_by_enc = $5, reason = $6
        WHERE id = $1`,
      [r.id, input.decision === 'accept' ? 'accepted' : 'rejected', now, p.id, p.nameEnc, input.reason],
    );
    const { rows: after } = await tx.query<ProposalRow>(`${PROPOSAL_SELECT} WHERE ep.id = $1`, [r.id]);
    return view(deps, after[0]!);
  });
}
