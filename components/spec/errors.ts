import type { SpecProblem } from "./types";

/**
 * Every problem found in a spec, thrown once. `message` lists them one per line, so an
 * uncaught SpecError still reads as a report rather than a single vague sentence.
 */
export class SpecError extends Error {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[], subject = "platform spec") {
    super(`${subject}: ${problems.length} problem(s)\n${problems.map(formatProblem).join("\n")}`);
    this.name = "SpecError";
    this.problems = Object.freeze([...problems]);
  }
}

/** `  <path>: <message>`, the line the CLI prints for each problem. */
export function formatProblem(p: SpecProblem): string {
  return p.path === "" ? `  ${p.message}` : `  ${p.path}: ${p.message}`;
}
