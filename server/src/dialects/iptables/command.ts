// The seam between how iptables commands are written (iptables-save lines, or
// shell scripts calling iptables) and how they are lowered into the model.
import type { Range } from '../../model/source';
import type { MemoLine } from './lineMemo';

export interface Word {
  /** The word after quote removal and variable expansion. */
  readonly text: string;
  /** Where the word is written in the document. */
  readonly range: Range;
  /** The word depends on something not known statically (an unknown variable, a command substitution). */
  readonly dynamic?: boolean;
}

export interface IptablesCommand {
  readonly program: 'iptables' | 'ip6tables';
  /** Arguments after the program name, e.g. `-t nat -A PREROUTING -p tcp --dport 21 -j DNAT ...`. */
  readonly words: readonly Word[];
  /** The whole command in the document (continuation lines included). */
  readonly range: Range;
  /** For iptables-save input: the table of the enclosing `*table` section. */
  readonly table?: string;
  /** The command as written; rules show it in hovers and messages. Absent: the words joined. */
  readonly text?: string;
  /** `text` is trimmed and single-spaced already (the reader saw it while splitting words): the rule's text as it is. */
  readonly textSingleSpaced?: boolean;
  /**
   * iptables-save `:NAME POLICY [p:b]` header, given as `-P NAME POLICY` (built-in
   * chains) or `-N NAME` (user chains): it declares the chain.
   */
  readonly chainHeader?: boolean;
  /** Set by a reader that keeps a memo between analyses: the command's line, and what it replays. */
  readonly memoLine?: MemoLine;
}
