// The engine entry points the runner hands to the checks.
import type { EngineFunctions } from './engine-facade';

function notYet(name: string): never {
  throw new Error(`engine function ${name} is not available`);
}

export const ENGINE: EngineFunctions = {
  evaluate: () => notYet('evaluate'),
  assignedHelper: () => notYet('assignedHelper'),
  translateDestination: () => notYet('translateDestination'),
  findUnreachableRules: () => notYet('findUnreachableRules'),
};
