// What a front end may keep between analyses of one document, so an edit
// re-reads only the statements it changed. The host (the language server)
// holds one per open document and drops it when the document closes; the CLI
// analyses each file once and passes none. Each front end keeps its own kind of
// entry under its own slot.

/** A front end's kind of memo, made on first use. */
export interface MemoSlot<T> {
  readonly name: string;
  create(): T;
}

export class FrontendMemo {
  private readonly slots = new Map<MemoSlot<unknown>, unknown>();

  slot<T>(kind: MemoSlot<T>): T {
    let value = this.slots.get(kind as MemoSlot<unknown>);
    if (value === undefined) {
      value = kind.create();
      this.slots.set(kind as MemoSlot<unknown>, value);
    }
    // The map only ever holds, under each slot, what that slot created.
    return value as T;
  }
}
