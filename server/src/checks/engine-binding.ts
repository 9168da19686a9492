// The engine entry points the runner hands to the checks.
import { assignedHelper, evaluate, evaluateAfterEdit, findUnreachableRules, translateDestination } from '../engine';
import type { EngineFunctions } from './engine-facade';

export const ENGINE: EngineFunctions = { evaluate, evaluateAfterEdit, assignedHelper, translateDestination, findUnreachableRules };
