// The nftables front end: parse (FW001) then lower into the shared model,
// with symbols and FW002 undefined references.
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';
import { Lowering } from './lower';
import { NFTABLES_MEMO, StatementReuse } from './memo';
import { parse } from './parser';

export function analyzeNftables(text: string, options: FrontendOptions): FrontendResult {
  const reuse = options.memo && new StatementReuse(options.memo.slot(NFTABLES_MEMO), text);
  const parsed = parse(text, 'top', reuse);
  const lowering = new Lowering(options, reuse);
  lowering.run(parsed.file);
  const result = lowering.finish();
  reuse?.commit();
  return { ...result, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}

export const nftablesFrontend: Frontend = {
  dialect: 'nftables',
  analyze: analyzeNftables,
};
