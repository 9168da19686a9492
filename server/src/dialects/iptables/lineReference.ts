// A reference to a chain named by one word of one line. Its range is made
// each time it is asked for (only the editor asks, for a few references at a
// time): a large file has a reference per rule, and a range is three objects.
import type { Range } from '../../model/source';
import { range } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';

export class LineReference implements SymbolReference {
  /** On the prototype: every reference is to a chain, and a field would be kept by each. */
  get kind(): 'chain' {
    return 'chain';
  }

  constructor(
    readonly name: string,
    readonly container: string,
    /** Moved by the memo when the line moves. */
    public line: number,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    return range(this.line, this.start, this.line, this.end);
  }
}
