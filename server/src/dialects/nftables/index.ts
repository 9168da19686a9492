// The nftables front end: parse (FW001) then lower into the shared model,
// with symbols and FW002 undefined references.
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';
import { Lowering } from './lower';
import { parse } from './parser';

export function analyzeNftables(text: string, options: FrontendOptions): FrontendResult {
  const parsed = parse(text);
  const lowering = new Lowering(options);
  lowering.run(parsed.file);
  const result = lowering.finish();
  return { ...result, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}

export const nftablesFrontend: Frontend = {
  dialect: 'nftables',
  analyze: analyzeNftables,
};
