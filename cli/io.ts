/** What a command may touch: its output streams and the working directory. Tests pass fakes. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Directory that relative paths (spec files, `stacks/`) are resolved against. */
  readonly cwd: string;
}

/** A command: takes the arguments after its name, returns the exit code. */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Exit codes shared by every command (shared/DESIGN.md, "The command line"). */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** Bad command-line usage: printed with the usage text, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An input problem that is not a spec problem (a missing file, a bad stack name): exit 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
