// The need's use cases, one per file.
export { actOnNeed } from './actOnNeed';
export { findEnterprises } from './findEnterprises';
export { getNeed, visibleNeed } from './getNeed';
export { rateNeed } from './rateNeed';
export { submitNeed } from './submitNeed';
export { notifyEnterprise, transitionNeed, writeNeedEvent } from './transitionNeed';
export { issueRatingLink, rateByLink, viewRatingLink } from './ratingLinks';
