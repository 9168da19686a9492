// Placeholder front end until the pf parser lands: reads nothing.
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';

export const pfFrontend: Frontend = {
  dialect: 'pf',
  analyze(_text: string, _options: FrontendOptions): FrontendResult {
    return {
      dialect: 'pf',
      form: 'conf',
      ruleset: { dialect: 'pf', form: 'conf', chains: [], helpers: [] },
      diagnostics: [],
      definitions: [],
      references: [],
      includes: [],
    };
  },
};
