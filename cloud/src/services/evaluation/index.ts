// 动态评价's use cases. `evaluateSubjects` and `evaluationContext` read only:
// other use cases (matching, statistics) may call them for provider figures.
export { evaluateSubjects, evaluationContext, getEvaluation, listEvaluations, listEvidence } from './subjects';
export { decideProposal, listProposals, makeProposals, runProposals } from './proposals';
export { getEvaluationSettings, loadThresholds, updateEvaluationSettings, windowEnding } from './thresholds';
