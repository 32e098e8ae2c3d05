// The improvement loop's use cases (回访 and 整改).
export { countImprovement } from './improvementCounts';
export { flagImprovementOverdue } from './flagOverdue';
export { countMyFollowUps, getFollowUp, listFollowUps } from './listFollowUps';
export { openFollowUp } from './openFollowUp';
export { recordCallBack } from './recordCallBack';
export { completeRectification, createRectification, getRectification, insertRectification, listRectifications } from './rectifications';
export { resolveFollowUp } from './resolveFollowUp';
