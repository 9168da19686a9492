// fwlint analyses a whole file at once, often in a process that has just
// started: a CLI run, an editor opening a large file. Much of such a first
// analysis is V8 compiling: by default TurboFan inlines callees of up to 460
// bytes of bytecode into the hot loops of the readers and checks, which makes
// each compilation long, and a new kind of line later deoptimises the loop
// and has it compiled again. Inlining only small functions (accessors, tests
// of one character) keeps those compilations short, so the code is optimised
// sooner; a warm analysis is as fast as before. Measured in
// docs/performance.md, "Seventh round".
import { setFlagsFromString } from 'node:v8';

/** The inlining budgets, in bytes of bytecode: one callee, and all callees of one compilation. */
export const INLINING_FLAGS: readonly string[] = ['--max-inlined-bytecode-size=60', '--max-inlined-bytecode-size-cumulative=200'];

/**
 * Sets the budgets. Each entry point (the CLI, the language server) calls it
 * before it analyses anything; V8 reads them at each compilation.
 */
export function tuneJavaScriptEngine(): void {
  setFlagsFromString(INLINING_FLAGS.join(' '));
}
