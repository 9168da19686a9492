// Plain-words explanations for hovers.
export { explainRule } from './explain-rule';
export { explainPort, ftpRoleOfPort } from './explain-port';
