export * from './api.js';
export type { CheckFailure } from './check.js';
export { evaluatePod, formatPssReason, formatPssReasonSummary, runPssCheck, UNKNOWN_FORBIDDEN_REASON } from './evaluate.js';
export { formatPssPolicy, isPssLevel, parsePssPolicy, parsePssVersion } from './policy.js';
export { MAX_PSS_MINOR, PSS_CHECKS, pssCheckIds, type PssCheckInfo } from './registry.js';
