// Placeholder front end until the nftables parser lands: reads nothing.
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';

export const nftablesFrontend: Frontend = {
  dialect: 'nftables',
  analyze(_text: string, _options: FrontendOptions): FrontendResult {
    return {
      dialect: 'nftables',
      form: 'block',
      ruleset: { dialect: 'nftables', form: 'block', chains: [], helpers: [] },
      diagnostics: [],
      definitions: [],
      references: [],
      includes: [],
    };
  },
};
