// The engine entry points the runner hands to the checks.
import { assignedHelper, evaluate, findUnreachableRules, translateDestination } from '../engine';
import type { EngineFunctions } from './engine-facade';

export const ENGINE: EngineFunctions = { evaluate, assignedHelper, translateDestination, findUnreachableRules };
