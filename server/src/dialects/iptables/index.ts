// Placeholder front end until the iptables parser lands: reads nothing.
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';

export const iptablesFrontend: Frontend = {
  dialect: 'iptables',
  analyze(_text: string, _options: FrontendOptions): FrontendResult {
    return {
      dialect: 'iptables',
      form: 'save',
      ruleset: { dialect: 'iptables', form: 'save', chains: [], helpers: [] },
      diagnostics: [],
      definitions: [],
      references: [],
      includes: [],
    };
  },
};
