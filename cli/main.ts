#!/usr/bin/env node
/**
 * The `ml-clusters` command line: a dispatcher. Each command lives in its own module and is
 * loaded only when called, so `validate` does not pay for loading the cloud SDKs.
 */
import { SpecError, formatProblem } from "../components/spec/errors";
import { didYouMean } from "../components/spec/rules/suggest";
import { CliIo, Command, EXIT_PROBLEMS, EXIT_USAGE, InputError, UsageError } from "./io";

const COMMANDS: Readonly<Record<string, { readonly usage: string; readonly load: () => Promise<Command> }>> = {
  validate: { usage: "validate FILE... | --stack ENV [--key KEY]", load: async () => (await import("./validate.js")).validate },
  plan: { usage: "plan FILE | --stack ENV [--key KEY] [--json] [--write [--replan]] [--compare [--CLOUD-region R]]", load: async () => (await import("./plan.js")).plan },
  catalog: { usage: "catalog CLOUD [--json]", load: async () => (await import("./catalog.js")).catalog },
  render: { usage: "render (--stack ENV [--key KEY] | --spec FILE) --out DIR", load: async () => (await import("./render.js")).render },
  diff: { usage: "diff BASE_DIR HEAD_DIR [--title TEXT]", load: async () => (await import("./diff.js")).diff },
};

export function usage(): string {
  return ["usage: ml-clusters <command> [arguments]", "", "commands:", ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join("\n");
}

/** Runs one command line; never throws, never prints a stack trace for bad input. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`ml-clusters: unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))}`);
    io.err(usage());
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (e) {
    return report(e, command.usage, io);
  }
}

function report(e: unknown, commandUsage: string, io: CliIo): number {
  if (e instanceof UsageError) {
    io.err(`ml-clusters: ${e.message}`);
    io.err(`usage: ml-clusters ${commandUsage}`);
    return EXIT_USAGE;
  }
  // A component's BadInputError (render runs the components) carries the SpecError as its cause;
  // matched by that cause so this dispatcher does not load the Pulumi SDK.
  const problems = e instanceof SpecError ? e : e instanceof Error && e.cause instanceof SpecError ? e.cause : undefined;
  if (problems !== undefined) {
    io.err(`${problems.problems.length} problem(s)`);
    for (const p of problems.problems) io.err(formatProblem(p));
    return EXIT_PROBLEMS;
  }
  if (e instanceof InputError) {
    io.err(`ml-clusters: ${e.message}`);
    return EXIT_PROBLEMS;
  }
  // Anything else is a bug in ml-clusters, not bad input: say so, keep the trace for debugging.
  io.err(`ml-clusters: internal error: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.ML_CLUSTERS_DEBUG) io.err(e instanceof Error && e.stack ? e.stack : String(e));
  else io.err("(set ML_CLUSTERS_DEBUG=1 for details, and please report it)");
  return EXIT_PROBLEMS;
}

if (require.main === module) {
  const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), cwd: process.cwd() };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_PROBLEMS;
    },
  );
}
