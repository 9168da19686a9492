// Fix rendering: turns a check's dialect-neutral fix proposal into text edits
// in the document's own dialect and style. One renderer per dialect form; the
// shared pieces live in rule-spec.ts (lines, ports, plan), iptables-rule.ts
// (arguments both iptables forms share) and replace-ports.ts.
import type { FixIntent, FixProposal } from '../checks/types';
import type { FrontendResult } from '../dialects/frontend';
import type { TextEdit } from './edit';
import { renderIptablesSave } from './iptables-save';
import { renderIptablesShell } from './iptables-shell';
import { renderNftables } from './nftables';
import { renderPf } from './pf';

export type { TextEdit } from './edit';
export { applyEdits } from './edit';

type Renderer = (text: string, doc: FrontendResult, intents: readonly FixIntent[]) => TextEdit[];

function rendererFor(doc: FrontendResult): Renderer {
  switch (doc.dialect) {
    case 'nftables':
      return renderNftables;
    case 'pf':
      return renderPf;
    case 'iptables':
      return doc.form === 'shell' ? renderIptablesShell : renderIptablesSave;
  }
}

/**
 * The edits that apply `fix` to `text`. Returns no edits when every rule the
 * fix would add is already there, so applying a fix twice changes nothing.
 * Edits never overlap and never delete or reorder the user's lines.
 */
export function renderFix(text: string, doc: FrontendResult, fix: FixProposal): TextEdit[] {
  return rendererFor(doc)(text, doc, fix.intents);
}
