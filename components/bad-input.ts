/**
 * How bad input leaves a component: as a `pulumi.RunError`. Pulumi's Node.js host prints a
 * RunError's message and nothing else; any other error thrown by the program is printed as
 * "Running program ... failed with an unhandled exception" with its stack trace
 * (@pulumi/pulumi cmd/run/run.js, the uncaught-error handler, v3.270). The pure layers (spec,
 * capacity) keep throwing SpecError, which knows nothing of Pulumi; every component constructor
 * turns it into a BadInputError here, before it registers anything.
 */
import * as pulumi from "@pulumi/pulumi";
import { SpecError } from "./spec/errors";
import type { SpecProblem } from "./spec/types";

/**
 * Every problem with a component's input, as a RunError (so `pulumi up` shows the list without a
 * stack trace). `message` is the SpecError's: the subject, then one line per problem.
 */
export class BadInputError extends pulumi.RunError {
  readonly problems: readonly SpecProblem[];

  constructor(cause: SpecError) {
    super(cause.message, { cause });
    this.name = "BadInputError";
    this.problems = cause.problems;
  }
}

/** Throws one BadInputError listing every problem, naming the component; does nothing when there are none. */
export function throwIfProblems(problems: readonly SpecProblem[], subject: string): void {
  if (problems.length > 0) throw new BadInputError(new SpecError(problems, subject));
}

/**
 * Runs the checks a constructor makes with the pure layers (validate, plan, a component's own
 * argument checks) and returns their result; a SpecError they throw leaves as a BadInputError.
 * Anything else is a bug and keeps its stack trace.
 */
export function checkInput<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof SpecError) throw new BadInputError(e);
    throw e;
  }
}
