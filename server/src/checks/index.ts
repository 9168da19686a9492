// The check layer's public surface: the registry, the runner and the docs.
export { CHECKS, checkByCode } from './registry';
export type { Check, CheckContext, CheckDocs } from './check';
export { checkDocUrl, renderCheckDoc } from './docs';
export { runChecks, defaultSeverityOf, type CheckedFinding } from './run';
export { FRONTEND_CODES } from './frontend-codes';
