// Shell variables as the analyser knows them: a value is either known text
// or dynamic (set from the environment, a command's output, user input).
// Function calls push a frame for `local` variables and their own
// positional parameters.

export interface ShellValue {
  readonly text: string;
  readonly dynamic: boolean;
  /** Bash array elements (`NAME=(a b c)`); `text` is then the first element. */
  readonly elements?: readonly string[];
}

export const DYNAMIC: ShellValue = { text: '', dynamic: true };

export function staticValue(text: string): ShellValue {
  return { text, dynamic: false };
}

/** `$1`, `$2` ...: `exact` is false when more (unknown) arguments may follow. */
export interface Positional {
  readonly values: readonly ShellValue[];
  readonly exact: boolean;
}

export const UNKNOWN_POSITIONAL: Positional = { values: [], exact: false };

export class Environment {
  private globals = new Map<string, ShellValue>();
  private frames: Map<string, ShellValue>[] = [];
  positional: Positional = UNKNOWN_POSITIONAL;

  get(name: string): ShellValue | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const value = this.frames[i].get(name);
      if (value !== undefined) return value;
    }
    return this.globals.get(name);
  }

  set(name: string, value: ShellValue): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i].has(name)) {
        this.frames[i].set(name, value);
        return;
      }
    }
    this.globals.set(name, value);
  }

  /** `local NAME[=value]` inside a function; at top level it behaves like an assignment. */
  setLocal(name: string, value: ShellValue): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.set(name, value);
    else this.globals.set(name, value);
  }

  unset(name: string): void {
    for (const frame of this.frames) frame.delete(name);
    this.globals.delete(name);
  }

  pushFrame(positional: Positional): Positional {
    const saved = this.positional;
    this.frames.push(new Map());
    this.positional = positional;
    return saved;
  }

  popFrame(saved: Positional): void {
    this.frames.pop();
    this.positional = saved;
  }

  /** A copy for a subshell, whose assignments must not leak out. */
  snapshot(): () => void {
    const globals = new Map(this.globals);
    const frames = this.frames.map((frame) => new Map(frame));
    const positional = this.positional;
    return () => {
      this.globals = globals;
      this.frames = frames;
      this.positional = positional;
    };
  }
}
