// Reading needs: the row query, the visibility scope, and the mapping to the
// contract's summary and detail shapes (with masking and the audit of unmasked reads).
export { capacityFor, guardContext, openTaskCount, UNREPLACED_DECLINE, unreplacedDeclineCount } from './guardContext';
export { CLOCK_RULES_COLUMNS, clockRulesFrom, loadClockRules, type ClockRules, type ClockRulesReading } from './clockRules';
export { loadNeedRow, NEED_COLUMNS, NEED_FROM, NEED_SELECT, needActors, SYSTEM_ACTOR_NAME, type NeedRow } from './needRow';
export { toDetail } from './toDetail';
export { toSummaries } from './toSummaries';
