// The engine's public surface: what checks, hovers and the CLI call.
export type * from './api';
export { evaluate, evaluateAfterEdit, assignedHelper } from './evaluate';
export { translateDestination, questionAfterDnat } from './nat';
export { findUnreachableRules, type UnreachableRule } from './shadowing';
