// The 动态评价 calls, over the shared contract.
import {
  apiPath,
  EVALUATION_PATHS,
  type EvaluationFigure,
  type EvaluationList,
  type EvaluationSettingsUpdate,
  type EvaluationSettingsView,
  type EvaluationSubjectDetail,
  type EvaluationSubjectKind,
  type EvidenceList,
  type Proposal,
  type ProposalDecisionInput,
  type ProposalList,
  type ProposalRun,
  type ProposalState,
  type RankingSort,
} from '@qi/shared'
import { api } from '../api/client'

export const fetchEvaluations = (kind: EvaluationSubjectKind, sort: RankingSort) =>
  api.get<EvaluationList>(EVALUATION_PATHS.subjects, { query: { kind, sort }, toast: false })

export const fetchEvaluation = (kind: EvaluationSubjectKind, id: string) =>
  api.get<EvaluationSubjectDetail>(apiPath(EVALUATION_PATHS.subject, { kind, id }), { toast: false })

export const fetchEvidence = (kind: EvaluationSubjectKind, id: string, figure: EvaluationFigure) =>
  api.get<EvidenceList>(apiPath(EVALUATION_PATHS.evidence, { kind, id }), { query: { figure }, toast: false })

export const fetchEvaluationSettings = () => api.get<EvaluationSettingsView>(EVALUATION_PATHS.settings, { toast: false })

export const saveEvaluationSettings = (body: EvaluationSettingsUpdate) =>
  api.put<EvaluationSettingsView>(EVALUATION_PATHS.settings, body, { toast: false })

export const fetchProposals = (state?: ProposalState) =>
  api.get<ProposalList>(EVALUATION_PATHS.proposals, { query: { state }, toast: false })

export const runProposals = () => api.post<ProposalRun>(EVALUATION_PATHS.runProposals, {})

export const decideProposal = (id: string, body: ProposalDecisionInput) =>
  api.post<Proposal>(apiPath(EVALUATION_PATHS.decision, { id }), body, { toast: false })
