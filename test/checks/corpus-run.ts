// Runs the checks over the shared corpus (real firewall files by other
// people), for the corpus test and for reviewing findings by hand.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks, type CheckedFinding } from '../../server/src/checks/run';
import type { Dialect } from '../../server/src/model/source';
import { resolveSettings } from '../../server/src/settings';
import { REPO_ROOT } from './harness';

export const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus');

export interface CorpusFile {
  /** Relative to the corpus folder: `iptables/foo.sh`. */
  readonly name: string;
  readonly dialect: Dialect;
}

export function corpusFiles(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const dialect of ['iptables', 'nftables', 'pf'] as const) {
    const dir = path.join(CORPUS_DIR, dialect);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) out.push({ name: `${dialect}/${f}`, dialect });
  }
  return out;
}

export function checkCorpusFile(file: CorpusFile): CheckedFinding[] {
  const text = fs.readFileSync(path.join(CORPUS_DIR, file.name), 'utf8');
  const shell = file.dialect === 'iptables' && /\.sh$/.test(file.name);
  const form = shell ? 'shell' : file.dialect === 'iptables' ? 'save' : undefined;
  const result = FRONTENDS[file.dialect].analyze(text, { uri: `file:///corpus/${file.name}`, ...(form ? { form } : {}) });
  return runChecks(result, text, resolveSettings({}));
}
